//! `foiguard watch OUTBOX --release RELEASE --quarantine QUARANTINE`: the
//! check where files leave the building.
//!
//! Files dropped into the outbox are picked up once they stop changing (the
//! same size and modification time for several polls) and no program has
//! them open for writing ([`fsops::open_for_writing`]). Each is first moved
//! into a private staging folder and copied once more, hashing the bytes on
//! the way; that private copy is scanned, and exactly those bytes are moved
//! on — so nothing can change between check and release:
//!
//! * `pass` -> RELEASE;
//! * anything else -> QUARANTINE, with the report beside it
//!   (`NAME.foiguard.json`, `NAME.foiguard.txt`);
//! * with `--redact`, a `block` or `review` file is also rebuilt by
//!   [`crate::redact`]; the clean copy is scanned again and, if it passes,
//!   goes to RELEASE (the original and the redaction log to QUARANTINE).
//!
//! Every step is written to a journal (`STATE/journal.jsonl`) before it is
//! taken, and every decision to a log (`STATE/watch.log`, and standard
//! error). After a crash or restart the watcher resumes whatever is left in
//! staging: a decision already made is carried out (moves that already
//! happened are recognised by their SHA-256), an undecided file is checked
//! again. Files are never overwritten: a name already taken in RELEASE or
//! QUARANTINE becomes `name (2).xlsx`.
//!
//! Office lock files (`~$name.xlsx`, `.~lock.name#`), hidden files and the
//! temporary files programs write while saving are ignored; so are folders
//! and symbolic links in the outbox.

pub mod fsops;
pub mod journal;

use std::collections::{HashMap, HashSet};
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use crate::finding::Verdict;
use crate::numbers::{count, thousands};
use crate::redact::{Destination, Redactor, Status};
use crate::report::escape::{escape, shown_path};
use crate::report::{FileReport, Report, Summary, Tool, json, text};
use crate::scan::Scanner;
use crate::source::Input;

use self::fsops::{free_name, ignored, move_checked, private_dir};
use self::journal::{Event, Journal, Move, Replay};

/// How the watcher runs.
#[derive(Clone, Debug)]
pub struct Options {
    pub outbox: PathBuf,
    pub release: PathBuf,
    pub quarantine: PathBuf,
    /// Private working folder (staging, journal, log). Default:
    /// `OUTBOX/.foiguard`. Must be on the same file system as the outbox.
    pub state: Option<PathBuf>,
    /// Rebuild blocked and review files; release the clean copy if it passes.
    pub redact: bool,
    /// Time between two looks at the outbox.
    pub interval: Duration,
    /// How many looks in a row a file must keep its size and modification
    /// time before it is taken.
    pub stable_polls: u32,
    /// Handle what is in the outbox, then stop.
    pub once: bool,
}

impl Options {
    pub fn state_dir(&self) -> PathBuf {
        self.state
            .clone()
            .unwrap_or_else(|| self.outbox.join(".foiguard"))
    }
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    pub released: usize,
    /// Clean copies made by `--redact` and released.
    pub released_redacted: usize,
    pub quarantined: usize,
    /// Files put back in the outbox because they were still being written.
    pub returned: usize,
    /// Files left in staging for a person (see the log).
    pub failed: usize,
    /// Files still changing when a `--once` run ended.
    pub left: usize,
}

impl Outcome {
    /// 2 if a file could not be handled, 1 if any went to quarantine, else 0.
    pub fn exit_status(&self) -> u8 {
        if self.failed > 0 {
            2
        } else if self.quarantined > 0 {
            1
        } else {
            0
        }
    }
}

/// Suffixes of the files written beside a quarantined file.
const REPORT_JSON: &str = ".foiguard.json";
const REPORT_TEXT: &str = ".foiguard.txt";
const REDACTION_LOG: &str = ".redactions.csv";

/// The append-only decision log (file + standard error).
struct Log {
    file: fs::File,
    quiet: bool,
}

impl Log {
    fn line(&mut self, what: &str, detail: &str) {
        let line = format!("{}  {what:<11} {detail}", crate::report::html::now_utc());
        if !self.quiet {
            eprintln!("foiguard watch: {what:<11} {detail}");
        }
        let _ = self
            .file
            .write_all(format!("{line}\n").as_bytes())
            .and_then(|_| self.file.sync_data());
    }
}

/// Keeps other watchers off the same state folder.
struct LockFile(PathBuf);

/// State folders this process holds (a lock file naming our own process id
/// may be left by an earlier process that had the same id, as in containers).
static HELD: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

impl LockFile {
    fn take(path: &Path) -> Result<LockFile, String> {
        let key =
            fs::canonicalize(path.parent().unwrap_or(path)).unwrap_or_else(|_| path.to_path_buf());
        {
            let mut held = HELD.lock().unwrap_or_else(|p| p.into_inner());
            if held.contains(&key) {
                return Err(format!(
                    "another watcher in this process is using {}",
                    key.display()
                ));
            }
            held.push(key.clone());
        }
        let r = Self::take_file(path);
        if r.is_err() {
            HELD.lock()
                .unwrap_or_else(|p| p.into_inner())
                .retain(|k| *k != key);
        }
        r
    }

    fn take_file(path: &Path) -> Result<LockFile, String> {
        for _ in 0..2 {
            match OpenOptions::new().write(true).create_new(true).open(path) {
                Ok(mut f) => {
                    let _ = writeln!(f, "{}", std::process::id());
                    return Ok(LockFile(path.to_path_buf()));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let pid = fs::read_to_string(path)
                        .unwrap_or_default()
                        .trim()
                        .to_string();
                    let alive = !pid.is_empty()
                        && pid != std::process::id().to_string()
                        && Path::new("/proc").join(&pid).exists();
                    if alive {
                        return Err(format!(
                            "another watcher (process {pid}) is using {}; stop it first (if no watcher runs, delete {})",
                            path.parent().unwrap_or(path).display(),
                            path.display()
                        ));
                    }
                    // Left by a watcher that died.
                    let _ = fs::remove_file(path);
                }
                Err(e) => return Err(format!("{}: cannot create: {e}", path.display())),
            }
        }
        Err(format!("{}: cannot take the lock", path.display()))
    }
}

impl Drop for LockFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
        let key =
            fs::canonicalize(self.0.parent().unwrap_or(&self.0)).unwrap_or_else(|_| self.0.clone());
        HELD.lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|k| *k != key);
    }
}

/// A running watcher.
pub struct Watcher {
    opts: Options,
    scanner: Scanner,
    redactor: Option<Redactor>,
    state: PathBuf,
    staging: PathBuf,
    journal: Journal,
    log: Log,
    _lock: LockFile,
    /// name -> (size, mtime, polls seen unchanged)
    seen: HashMap<String, (u64, Option<SystemTime>, u32)>,
    /// Names already logged as ignored.
    told: HashSet<String>,
    outcome: Outcome,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn new_id() -> String {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!(
        "{secs}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// `p` with links resolved as far as it exists (the rest appended as
/// written): a folder not yet made still compares right.
fn real_path(p: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut at = p;
    loop {
        if let Ok(real) = fs::canonicalize(at) {
            return rest.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = parent;
            }
            _ => return p.to_path_buf(),
        }
    }
}

impl Watcher {
    /// Check the folders, take the state folder, and resume what a previous
    /// run left in staging. `redactor` is needed for `--redact`.
    pub fn start(
        mut opts: Options,
        scanner: Scanner,
        redactor: Option<Redactor>,
        quiet: bool,
    ) -> Result<Watcher, String> {
        // The journal records where files go: absolute paths, so a restart
        // from another folder finds them.
        let cwd =
            std::env::current_dir().map_err(|e| format!("cannot tell the current folder: {e}"))?;
        for p in [&mut opts.outbox, &mut opts.release, &mut opts.quarantine] {
            if p.is_relative() {
                *p = cwd.join(&*p);
            }
        }
        if let Some(s) = &mut opts.state
            && s.is_relative()
        {
            *s = cwd.join(&*s);
        }
        if opts.redact && redactor.is_none() {
            return Err("--redact needs a redactor".into());
        }
        if opts.stable_polls == 0 {
            return Err("--stable must be at least 1".into());
        }
        let meta =
            fs::metadata(&opts.outbox).map_err(|e| format!("{}: {e}", opts.outbox.display()))?;
        if !meta.is_dir() {
            return Err(format!("{}: not a folder", opts.outbox.display()));
        }
        for d in [&opts.release, &opts.quarantine] {
            fs::create_dir_all(d).map_err(|e| format!("{}: cannot create: {e}", d.display()))?;
        }
        // No folder inside another: a quarantine or an outbox inside the
        // release folder would publish what was never checked or failed.
        // (The state folder may be inside the outbox, as it is by default.)
        let state = opts.state_dir();
        let dirs = [
            ("outbox", &opts.outbox),
            ("release", &opts.release),
            ("quarantine", &opts.quarantine),
            ("state", &state),
        ]
        .map(|(name, p)| (name, p, real_path(p)));
        for (i, (an, a, ra)) in dirs.iter().enumerate() {
            for (bn, b, rb) in &dirs[i + 1..] {
                let state_in_outbox =
                    *an == "outbox" && *bn == "state" && rb.starts_with(ra) && rb != ra;
                if (ra.starts_with(rb) || rb.starts_with(ra)) && !state_in_outbox {
                    return Err(format!(
                        "usage: the {an} folder ({}) and the {bn} folder ({}) must be apart, \
                         neither inside the other",
                        a.display(),
                        b.display()
                    ));
                }
            }
        }
        let staging = state.join("staging");
        private_dir(&staging).map_err(|e| format!("{}: cannot create: {e}", staging.display()))?;
        let lock = LockFile::take(&state.join("watch.lock"))?;
        // Staging must be a rename away from the outbox.
        let probe = opts
            .outbox
            .join(format!(".foiguard-probe-{}", std::process::id()));
        let probe_to = staging.join(format!(".probe-{}", std::process::id()));
        fs::write(&probe, b"")
            .map_err(|e| format!("{}: cannot write in the outbox: {e}", opts.outbox.display()))?;
        let renamed = fs::rename(&probe, &probe_to);
        let _ = fs::remove_file(&probe);
        let _ = fs::remove_file(&probe_to);
        renamed.map_err(|e| {
            format!(
                "the state folder {} must be on the same file system as the outbox ({e}); choose another --state",
                state.display()
            )
        })?;
        let (journal, replay) = Journal::open(&state.join("journal.jsonl")).map_err(|e| {
            format!(
                "{}: cannot open the journal: {e}",
                state.join("journal.jsonl").display()
            )
        })?;
        let log_path = state.join("watch.log");
        let log_file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .map_err(|e| format!("{}: cannot open the log: {e}", log_path.display()))?;
        let mut w = Watcher {
            opts,
            scanner,
            redactor,
            state,
            staging,
            journal,
            log: Log {
                file: log_file,
                quiet,
            },
            _lock: lock,
            seen: HashMap::new(),
            told: HashSet::new(),
            outcome: Outcome::default(),
        };
        w.log.line(
            "start",
            &format!(
                "outbox {} -> release {}, quarantine {}{}; policy {}; config {}; accepted findings {}",
                escape(&w.opts.outbox.display().to_string()),
                escape(&w.opts.release.display().to_string()),
                escape(&w.opts.quarantine.display().to_string()),
                if w.opts.redact { ", redacting" } else { "" },
                escape(&w.scanner.policy.source),
                escape(w.scanner.config.as_deref().unwrap_or("none")),
                escape(w.scanner.accept.as_ref().map(|a| a.source.as_str()).unwrap_or("none")),
            ),
        );
        if replay.bad_lines > 0 {
            w.log.line(
                "journal",
                &format!(
                    "{} skipped (cut short by a crash)",
                    count(
                        replay.bad_lines as u64,
                        "unreadable line",
                        "unreadable lines"
                    )
                ),
            );
        }
        w.resume(&replay)?;
        Ok(w)
    }

    /// Run: poll until stopped (or, with `--once`, until the outbox has been
    /// handled). `stop` ends a long-running watcher between polls.
    pub fn run(mut self, stop: &AtomicBool) -> Result<Outcome, String> {
        let max_once_polls = (self.opts.stable_polls as usize + 1) * 20;
        let mut polls = 0usize;
        loop {
            let pending = self.poll()?;
            polls += 1;
            if stop.load(Ordering::Relaxed) {
                break;
            }
            if self.opts.once && (pending == 0 || polls >= max_once_polls) {
                if pending > 0 {
                    self.outcome.left = pending;
                    self.log.line(
                        "left",
                        &format!(
                            "{} still changing or open for writing; left in the outbox for the next run",
                            count(pending as u64, "file", "files")
                        ),
                    );
                }
                break;
            }
            std::thread::sleep(self.opts.interval);
        }
        self.log.line(
            "stop",
            &format!(
                "{} released, {} released, {} quarantined, {} returned, {} failed",
                thousands(self.outcome.released as u64),
                count(
                    self.outcome.released_redacted as u64,
                    "redacted copy",
                    "redacted copies"
                ),
                thousands(self.outcome.quarantined as u64),
                thousands(self.outcome.returned as u64),
                thousands(self.outcome.failed as u64)
            ),
        );
        Ok(self.outcome)
    }

    /// One look at the outbox: take every file that has been stable long
    /// enough. Returns how many candidate files are still waiting.
    fn poll(&mut self) -> Result<usize, String> {
        let entries = fs::read_dir(&self.opts.outbox)
            .map_err(|e| format!("{}: {e}", self.opts.outbox.display()))?;
        let mut present = HashSet::new();
        let mut ready = Vec::new();
        for entry in entries.flatten() {
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                let shown = shown_path(std::path::Path::new(&entry.file_name()));
                if self.told.insert(shown.clone()) {
                    self.log.line(
                        "ignored",
                        &format!("{}: the name is not valid UTF-8; rename it", escape(&shown)),
                    );
                }
                continue;
            };
            if ignored(&name) {
                if !name.starts_with('.') && self.told.insert(name.clone()) {
                    self.log.line(
                        "ignored",
                        &format!("{}: a lock or temporary file", escape(&name)),
                    );
                }
                continue;
            }
            let Ok(meta) = fs::symlink_metadata(entry.path()) else {
                continue;
            };
            if !meta.is_file() {
                if self.told.insert(name.clone()) {
                    let what = if meta.is_dir() {
                        "a folder"
                    } else {
                        "not a regular file"
                    };
                    self.log.line(
                        "ignored",
                        &format!(
                            "{}: {what}; only files dropped in the outbox are checked",
                            escape(&name)
                        ),
                    );
                }
                continue;
            }
            present.insert(name.clone());
            let now = (meta.len(), meta.modified().ok());
            let e = self.seen.entry(name.clone()).or_insert((now.0, now.1, 0));
            if (e.0, e.1) == now {
                e.2 += 1;
            } else {
                *e = (now.0, now.1, 0);
            }
            // Seen unchanged on `stable_polls` looks after the first one.
            if e.2 >= self.opts.stable_polls {
                ready.push((name, now, fsops::file_id(&meta)));
            }
        }
        // ... and closed by whatever wrote it (one look at who writes what).
        let writers = if ready.is_empty() {
            Default::default()
        } else {
            fsops::open_for_writing_all()
        };
        let mut taken = Vec::with_capacity(ready.len());
        for (name, now, id) in ready {
            let open = format!("{name}\0open");
            let Some(writer) = writers.get(&id) else {
                self.told.remove(&open);
                taken.push((name, now));
                continue;
            };
            if let Some(e) = self.seen.get_mut(&name) {
                e.2 = 0;
            }
            if self.told.insert(open) {
                self.log.line(
                    "waiting",
                    &format!(
                        "{}: still open for writing in {}; taken once it is closed",
                        escape(&name),
                        escape(writer)
                    ),
                );
            }
        }
        self.seen.retain(|n, _| present.contains(n));
        for (name, stamp) in taken {
            self.seen.remove(&name);
            self.take(&name, stamp)?;
        }
        Ok(self.seen.len())
    }

    fn item_dir(&self, id: &str) -> PathBuf {
        self.staging.join(id)
    }

    fn journal(&mut self, e: Event) -> Result<(), String> {
        self.journal.append(&e)
    }

    /// Move a stable file out of the outbox into staging, then check it.
    fn take(&mut self, name: &str, stamp: (u64, Option<SystemTime>)) -> Result<(), String> {
        let id = new_id();
        let item = self.item_dir(&id);
        private_dir(&item.join("original"))
            .map_err(|e| format!("{}: cannot create: {e}", item.display()))?;
        self.journal(Event::Staging {
            id: id.clone(),
            name: name.to_string(),
            size: stamp.0,
        })?;
        let from = self.opts.outbox.join(name);
        let original = item.join("original").join(name);
        if let Err(e) = fs::rename(&from, &original) {
            let _ = fs::remove_dir_all(&item);
            let reason = format!("could not be moved into staging: {e}");
            self.journal(Event::Returned {
                id,
                reason: reason.clone(),
            })?;
            self.log
                .line("skipped", &format!("{}: {}", escape(name), escape(&reason)));
            return Ok(());
        }
        fsops::sync_dir(&original);
        self.journal(Event::Staged { id: id.clone() })?;
        self.prepare(&id, name, Some(stamp))
    }

    /// Make the private copy (hashing it), then decide and move.
    fn prepare(
        &mut self,
        id: &str,
        name: &str,
        stamp: Option<(u64, Option<SystemTime>)>,
    ) -> Result<(), String> {
        let item = self.item_dir(id);
        let original = item.join("original").join(name);
        let checked_dir = item.join("checked");
        private_dir(&checked_dir)
            .map_err(|e| format!("{}: cannot create: {e}", checked_dir.display()))?;
        let checked = checked_dir.join(name);
        let (sha, bytes) = match fsops::copy_hashing(&original, &checked) {
            Ok(x) => x,
            Err(e) => return self.fail(id, name, &format!("cannot copy into staging: {e}")),
        };
        if let Some((size, mtime)) = stamp {
            let now = fs::metadata(&original)
                .ok()
                .map(|m| (m.len(), m.modified().ok()));
            if now != Some((size, mtime)) || bytes != size {
                // Still being written: give it back and wait for it to settle.
                let back = self.opts.outbox.join(name);
                if fs::symlink_metadata(&back).is_err() && fs::rename(&original, &back).is_ok() {
                    let _ = fs::remove_dir_all(&item);
                    self.journal(Event::Returned {
                        id: id.to_string(),
                        reason: "still being written".into(),
                    })?;
                    self.outcome.returned += 1;
                    self.log.line(
                        "returned",
                        &format!("{}: still being written; back in the outbox", escape(name)),
                    );
                    return Ok(());
                }
            }
        }
        self.journal(Event::Hashed {
            id: id.to_string(),
            sha256: sha.clone(),
            bytes,
        })?;
        self.decide(id, name, &sha)
    }

    /// Leave an item in staging for a person.
    fn fail(&mut self, id: &str, name: &str, reason: &str) -> Result<(), String> {
        self.journal(Event::Failed {
            id: id.to_string(),
            reason: reason.to_string(),
        })?;
        self.outcome.failed += 1;
        self.log.line(
            "FAILED",
            &format!(
                "{}: {}; left in {} for a person to handle",
                escape(name),
                escape(reason),
                escape(&self.item_dir(id).display().to_string())
            ),
        );
        Ok(())
    }

    fn one_file_report(&self, file: FileReport) -> Report {
        let files = vec![file];
        let summary = Summary::of(&files, &[], Duration::ZERO);
        Report {
            tool: Tool::default(),
            policy: self.scanner.policy.source.clone(),
            config: self.scanner.config.clone(),
            accept: self.scanner.accept.as_ref().map(|a| a.source.clone()),
            roster: self.scanner.roster.clone(),
            files,
            summary,
        }
    }

    /// Scan the private copy, decide, write the reports into staging,
    /// record the decision, then carry it out.
    fn decide(&mut self, id: &str, name: &str, sha: &str) -> Result<(), String> {
        let item = self.item_dir(id);
        let checked = item.join("checked").join(name);
        let display = self.opts.outbox.join(name).display().to_string();
        let mut file = self
            .scanner
            .scan_input(Input::Path(&checked), name, &display);
        if file.sha256.as_deref() != Some(sha) {
            file.verdict = Verdict::Error;
            file.error = Some("the staged copy changed while it was scanned".into());
        }
        let verdict = file.verdict;
        let mut moves: Vec<Move> = Vec::new();
        let action;
        if verdict == Verdict::Pass {
            action = "release".to_string();
            let to = free_name(&self.opts.release, name, &[], &[]);
            moves.push(Move {
                from: PathBuf::from("checked").join(name),
                to,
                sha256: sha.to_string(),
            });
        } else {
            let out = item.join("out");
            private_dir(&out).map_err(|e| format!("{}: cannot create: {e}", out.display()))?;
            let qname = free_name(
                &self.opts.quarantine,
                name,
                &[REPORT_JSON, REPORT_TEXT, REDACTION_LOG],
                &[],
            );
            let qfile = qname
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut clean_note = String::new();
            let mut clean_moves = Vec::new();
            if self.opts.redact && matches!(verdict, Verdict::Block | Verdict::Review) {
                let (released, kept, note, log) = self.redact(id, name, &checked, &display);
                clean_moves = released;
                moves.extend(kept);
                clean_note = note;
                if let Some(bytes) = log {
                    let p = out.join(format!("{name}{REDACTION_LOG}"));
                    crate::report::output::write_atomic(&p, &bytes)?;
                    moves.push(Move {
                        from: PathBuf::from("out").join(format!("{name}{REDACTION_LOG}")),
                        to: self.opts.quarantine.join(format!("{qfile}{REDACTION_LOG}")),
                        sha256: crate::accept::sha256_hex(&bytes),
                    });
                }
            }
            let report = self.one_file_report(file.clone());
            let mut json_text = json::render(&report);
            json_text.push('\n');
            let mut txt = text::render(
                &report,
                text::Style {
                    color: false,
                    verbose: true,
                },
            );
            if !clean_note.is_empty() {
                txt.push_str(&format!("\nfoiguard watch --redact: {clean_note}\n"));
            }
            for (suffix, body) in [(REPORT_JSON, json_text), (REPORT_TEXT, txt)] {
                let p = out.join(format!("{name}{suffix}"));
                crate::report::output::write_atomic(&p, body.as_bytes())?;
                moves.push(Move {
                    from: PathBuf::from("out").join(format!("{name}{suffix}")),
                    to: self.opts.quarantine.join(format!("{qfile}{suffix}")),
                    sha256: crate::accept::sha256_hex(body.as_bytes()),
                });
            }
            action = if clean_moves.is_empty() {
                "quarantine".to_string()
            } else {
                "quarantine + release redacted copy".to_string()
            };
            moves.extend(clean_moves);
            // The file itself moves last: once it has gone, everything has.
            moves.push(Move {
                from: PathBuf::from("checked").join(name),
                to: qname,
                sha256: sha.to_string(),
            });
        }
        self.journal(Event::Decided {
            id: id.to_string(),
            name: name.to_string(),
            verdict: verdict.as_str().to_string(),
            action,
            moves: moves.clone(),
        })?;
        self.carry_out(id, name, verdict.as_str(), &moves, sha)
    }

    /// Rebuild a clean copy; it goes to release only if a fresh scan of it
    /// passes, else to quarantine beside the original for a person to look
    /// at. Returns the moves to release, the moves to quarantine, a note for
    /// the report, and the redaction log.
    fn redact(
        &self,
        id: &str,
        name: &str,
        checked: &Path,
        display: &str,
    ) -> (Vec<Move>, Vec<Move>, String, Option<Vec<u8>>) {
        let Some(redactor) = &self.redactor else {
            return (Vec::new(), Vec::new(), String::new(), None);
        };
        let item = self.item_dir(id);
        let clean_dir = item.join("clean");
        if let Err(e) = private_dir(&clean_dir) {
            return (Vec::new(), Vec::new(), format!("no clean copy: {e}"), None);
        }
        let mut outcome = redactor.redact_file(checked, &Destination::Dir(clean_dir.clone()));
        // The log names the file as it was dropped, not the staging copy.
        for e in &mut outcome.entries {
            e.file = display.to_string();
        }
        let log = crate::redact::log::to_csv(&outcome.entries).ok();
        match &outcome.status {
            // A copy to review is checked again below, and goes to
            // quarantine for a person unless it passes.
            Status::Clean | Status::ToReview(_) => {}
            Status::Remaining(what) => {
                let note = format!(
                    "the clean copy still had findings ({}); not released",
                    what.join("; ")
                );
                return (Vec::new(), Vec::new(), note, log);
            }
            Status::Failed(why) | Status::Skipped(why) => {
                return (Vec::new(), Vec::new(), format!("no clean copy: {why}"), log);
            }
        }
        let mut copies = Vec::new();
        let mut all_pass = true;
        let mut notes = Vec::new();
        for out in &outcome.outputs {
            let Some(fname) = out.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                continue;
            };
            let r = self.scanner.scan_input(Input::Path(out), &fname, &fname);
            let (Some(sha), Ok(rel)) = (r.sha256.clone(), out.strip_prefix(&item)) else {
                return (
                    Vec::new(),
                    Vec::new(),
                    format!("the clean copy {fname} could not be read back"),
                    log,
                );
            };
            if r.verdict != Verdict::Pass {
                all_pass = false;
                notes.push(format!("{fname} is {} on a fresh scan", r.verdict.as_str()));
            }
            copies.push((fname, rel.to_path_buf(), sha));
        }
        if copies.is_empty() {
            return (
                Vec::new(),
                Vec::new(),
                format!("redaction of {name} produced no copy"),
                log,
            );
        }
        // All copies go to release, or none does.
        let dir = if all_pass {
            &self.opts.release
        } else {
            &self.opts.quarantine
        };
        let mut taken = Vec::new();
        let moves: Vec<Move> = copies
            .into_iter()
            .map(|(fname, from, sha256)| {
                let to = free_name(dir, &fname, &[], &taken);
                taken.push(to.clone());
                Move { from, to, sha256 }
            })
            .collect();
        let names: Vec<String> = moves.iter().map(|m| m.to.display().to_string()).collect();
        if all_pass {
            (
                moves,
                Vec::new(),
                format!("a verified clean copy was released: {}", names.join(", ")),
                log,
            )
        } else {
            let note = format!(
                "the clean copy was not released ({}); it is in quarantine for a person to review: {}",
                notes.join("; "),
                names.join(", ")
            );
            (Vec::new(), moves, note, log)
        }
    }

    /// Carry out the moves of a decision (repeatable), then clean up.
    fn carry_out(
        &mut self,
        id: &str,
        name: &str,
        verdict: &str,
        moves: &[Move],
        sha: &str,
    ) -> Result<(), String> {
        let item = self.item_dir(id);
        for m in moves {
            if let Err(e) = move_checked(&item.join(&m.from), &m.to, &m.sha256) {
                return self.fail(id, name, &e);
            }
        }
        self.journal(Event::Done { id: id.to_string() })?;
        let _ = fs::remove_dir_all(&item);
        let last = moves
            .last()
            .map(|m| m.to.display().to_string())
            .unwrap_or_default();
        let short = sha.get(..12).unwrap_or(sha);
        if verdict == "pass" {
            self.outcome.released += 1;
            self.log.line(
                "RELEASED",
                &format!(
                    "{} -> {} (pass; sha256 {short}…)",
                    escape(name),
                    escape(&last)
                ),
            );
        } else {
            self.outcome.quarantined += 1;
            let clean: Vec<&Move> = moves
                .iter()
                .filter(|m| m.to.starts_with(&self.opts.release))
                .collect();
            self.outcome.released_redacted += clean.len();
            let mut detail = format!(
                "{} -> {} ({verdict}; sha256 {short}…; report beside it)",
                escape(name),
                escape(&last)
            );
            for c in clean {
                detail.push_str(&format!(
                    "; verified clean copy -> {}",
                    escape(&c.to.display().to_string())
                ));
            }
            self.log.line("QUARANTINED", &detail);
        }
        Ok(())
    }

    /// Resume what a previous run left in staging.
    fn resume(&mut self, replay: &Replay) -> Result<(), String> {
        let Ok(entries) = fs::read_dir(&self.staging) else {
            return Ok(());
        };
        let mut ids: Vec<String> = entries
            .flatten()
            .filter(|e| e.file_type().map(|t| t.is_dir()).unwrap_or(false))
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .collect();
        ids.sort();
        for id in ids {
            let item = self.item_dir(&id);
            if let Some(Event::Decided {
                name,
                verdict,
                moves,
                ..
            }) = replay.pending_decision(&id).cloned()
            {
                self.log.line(
                    "resume",
                    &format!(
                        "{}: carrying out the decision made before the restart ({verdict})",
                        escape(&name)
                    ),
                );
                let sha = moves.last().map(|m| m.sha256.clone()).unwrap_or_default();
                self.carry_out(&id, &name, &verdict, &moves, &sha)?;
                continue;
            }
            // Undecided: check it again from the original (or the private
            // copy if its hash was recorded and still matches).
            let name =
                first_file(&item.join("original")).or_else(|| first_file(&item.join("checked")));
            let Some(name) = name else {
                // Nothing left: it went back to the outbox, or never arrived.
                let _ = fs::remove_dir_all(&item);
                self.journal(Event::Returned {
                    id: id.clone(),
                    reason: "nothing left in staging after a restart".into(),
                })?;
                continue;
            };
            self.log.line(
                "resume",
                &format!("{}: checking again after a restart", escape(&name)),
            );
            if item.join("original").join(&name).exists() {
                self.prepare(&id, &name, None)?;
            } else {
                let checked = item.join("checked").join(&name);
                match (replay.hashed(&id), crate::accept::sha256_file(&checked)) {
                    (Some(want), Ok(have)) if want == have => self.decide(&id, &name, &have)?,
                    _ => self.fail(
                        &id,
                        &name,
                        "the staged copy cannot be verified after a restart",
                    )?,
                }
            }
        }
        Ok(())
    }

    /// Where the watcher keeps its state.
    pub fn state_dir(&self) -> &Path {
        &self.state
    }
}

fn first_file(dir: &Path) -> Option<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    names.sort();
    names.into_iter().next()
}

/// Start a watcher and run it (see [`Watcher`]).
pub fn run(
    opts: Options,
    scanner: Scanner,
    redactor: Option<Redactor>,
    quiet: bool,
) -> Result<Outcome, String> {
    let stop = AtomicBool::new(false);
    Watcher::start(opts, scanner, redactor, quiet)?.run(&stop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(root: &Path) -> Options {
        let o = Options {
            outbox: root.join("outbox"),
            release: root.join("release"),
            quarantine: root.join("quarantine"),
            state: None,
            redact: false,
            interval: Duration::from_millis(5),
            stable_polls: 1,
            once: true,
        };
        fs::create_dir_all(&o.outbox).unwrap();
        o
    }

    fn scanner() -> Scanner {
        Scanner::new(crate::policy::Policy::default())
    }

    /// An export that pauses between writes keeps its size for a while;
    /// open for writing, it is not finished and must not be released cut
    /// short (a CSV cut before its last rows still reads as a clean CSV).
    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_still_open_for_writing_waits_however_still_it_keeps() {
        let dir = tempfile::tempdir().unwrap();
        let o = opts(dir.path());
        let path = o.outbox.join("export.csv");
        let mut writer = fs::File::create(&path).unwrap();
        writer
            .write_all(b"District,Officers\nNorthgate,61\n")
            .unwrap();
        writer.flush().unwrap();
        let out = run(o.clone(), scanner(), None, true).unwrap();
        assert_eq!((out.released, out.left), (0, 1), "{out:?}");
        assert!(path.exists(), "left in the outbox");
        let log = fs::read_to_string(o.state_dir().join("watch.log")).unwrap();
        assert!(log.contains("still open for writing"), "{log}");
        // The rest arrives, the writer closes: now it is taken, whole.
        writer.write_all(b"PC 4521 Jane Quarrendon,1\n").unwrap();
        drop(writer);
        let out = run(o.clone(), scanner(), None, true).unwrap();
        assert_eq!((out.released, out.quarantined), (0, 1), "{out:?}");
    }

    #[test]
    fn releases_clean_and_quarantines_the_rest_with_reports() {
        let dir = tempfile::tempdir().unwrap();
        let o = opts(dir.path());
        fs::write(
            o.outbox.join("counts.csv"),
            "District,Officers\nNorthgate,61\n",
        )
        .unwrap();
        fs::write(o.outbox.join("broken.xlsx"), b"PK\x03\x04 not really a zip").unwrap();
        fs::write(o.outbox.join("~$counts.xlsx"), b"lock").unwrap();
        let out = run(o.clone(), scanner(), None, true).unwrap();
        assert_eq!(out.released, 1, "{out:?}");
        assert_eq!(out.quarantined, 1, "{out:?}");
        assert_eq!(
            fs::read(o.release.join("counts.csv")).unwrap(),
            b"District,Officers\nNorthgate,61\n"
        );
        assert!(o.quarantine.join("broken.xlsx").exists());
        assert!(o.quarantine.join("broken.xlsx.foiguard.json").exists());
        assert!(o.quarantine.join("broken.xlsx.foiguard.txt").exists());
        // The lock file is left alone; staging is empty.
        assert!(o.outbox.join("~$counts.xlsx").exists());
        assert_eq!(
            fs::read_dir(o.state_dir().join("staging")).unwrap().count(),
            0
        );
        let log = fs::read_to_string(o.state_dir().join("watch.log")).unwrap();
        assert!(
            log.contains("RELEASED") && log.contains("QUARANTINED"),
            "{log}"
        );
        // A second file of the same name does not replace the first.
        fs::write(
            o.outbox.join("counts.csv"),
            "District,Officers\nRiverside,47\n",
        )
        .unwrap();
        run(o.clone(), scanner(), None, true).unwrap();
        assert!(o.release.join("counts (2).csv").exists());
    }

    #[test]
    fn refuses_a_second_watcher_and_bad_folders() {
        let dir = tempfile::tempdir().unwrap();
        let o = opts(dir.path());
        let first = Watcher::start(o.clone(), scanner(), None, true).unwrap();
        let e = Watcher::start(o.clone(), scanner(), None, true)
            .err()
            .unwrap();
        assert!(e.contains("another watcher"), "{e}");
        drop(first);
        assert!(Watcher::start(o.clone(), scanner(), None, true).is_ok());
        let mut same = o.clone();
        same.release = same.quarantine.clone();
        assert!(
            Watcher::start(same, scanner(), None, true)
                .err()
                .unwrap()
                .contains("must be apart")
        );
        // Nor one inside another: a quarantine, an outbox or a state folder
        // inside the release folder would publish what failed or was never
        // checked; the release folder inside the quarantine would hide it.
        let r = o.release.clone();
        for (what, change) in [
            (
                "quarantine",
                Box::new(|x: &mut Options| x.quarantine = r.join("q")) as Box<dyn Fn(&mut Options)>,
            ),
            (
                "state",
                Box::new(|x: &mut Options| x.state = Some(r.join(".state"))),
            ),
            (
                "outbox",
                Box::new(|x: &mut Options| x.release = x.outbox.parent().unwrap().to_path_buf()),
            ),
            (
                "release",
                Box::new(|x: &mut Options| x.release = x.quarantine.join("out")),
            ),
        ] {
            let mut nested = o.clone();
            change(&mut nested);
            let e = Watcher::start(nested, scanner(), None, true).err();
            assert!(
                e.as_deref().is_some_and(|e| e.contains("must be apart")),
                "{what}: {e:?}"
            );
        }
        // The state folder inside the outbox is the default, and fine.
        assert!(Watcher::start(o.clone(), scanner(), None, true).is_ok());
    }
}
