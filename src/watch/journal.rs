//! The watcher's journal: one JSON object per line, appended and synced
//! before each step is taken, so a restart knows what was under way.
//!
//! A file's life: `staging` (about to move it out of the outbox), `staged`,
//! `hashed` (private copy made, its SHA-256), `decided` (the verdict and
//! every move still to make, each with the SHA-256 of the bytes to move),
//! then `done`. `returned` means it went back to the outbox (still being
//! written); `failed` means a person must look (left in staging).

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// One file to move once a decision is made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Move {
    /// Relative to the item's staging folder.
    pub from: PathBuf,
    /// Where it goes (release or quarantine folder).
    pub to: PathBuf,
    /// SHA-256 of the bytes moved.
    pub sha256: String,
}

/// What happened to one item (identified by `id`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    Staging {
        id: String,
        name: String,
        size: u64,
    },
    Staged {
        id: String,
    },
    Returned {
        id: String,
        reason: String,
    },
    Hashed {
        id: String,
        sha256: String,
        bytes: u64,
    },
    Decided {
        id: String,
        name: String,
        verdict: String,
        action: String,
        moves: Vec<Move>,
    },
    Done {
        id: String,
    },
    Failed {
        id: String,
        reason: String,
    },
}

impl Event {
    pub fn id(&self) -> &str {
        match self {
            Event::Staging { id, .. }
            | Event::Staged { id }
            | Event::Returned { id, .. }
            | Event::Hashed { id, .. }
            | Event::Decided { id, .. }
            | Event::Done { id }
            | Event::Failed { id, .. } => id,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Record {
    time: String,
    #[serde(flatten)]
    event: Event,
}

/// The append-only journal file.
pub struct Journal {
    file: File,
    path: PathBuf,
}

/// What an existing journal holds.
pub struct Replay {
    pub events: Vec<Event>,
    /// Lines that could not be read (a line cut short by a crash).
    pub bad_lines: usize,
}

impl Replay {
    /// The last `decided` event for `id`, unless `done` or `failed` followed.
    pub fn pending_decision(&self, id: &str) -> Option<&Event> {
        let mut found = None;
        for e in self.events.iter().filter(|e| e.id() == id) {
            match e {
                Event::Decided { .. } => found = Some(e),
                Event::Done { .. } | Event::Returned { .. } => found = None,
                _ => {}
            }
        }
        found
    }

    /// The SHA-256 recorded when `id`'s private copy was made.
    pub fn hashed(&self, id: &str) -> Option<&str> {
        self.events.iter().rev().find_map(|e| match e {
            Event::Hashed { id: i, sha256, .. } if i == id => Some(sha256.as_str()),
            _ => None,
        })
    }
}

impl Journal {
    /// Open (creating) the journal and read what it holds.
    pub fn open(path: &Path) -> std::io::Result<(Journal, Replay)> {
        let mut events = Vec::new();
        let mut bad_lines = 0;
        match File::open(path) {
            Ok(f) => {
                for line in BufReader::new(f).split(b'\n') {
                    let line = line?;
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    match serde_json::from_slice::<Record>(&line) {
                        Ok(r) => events.push(r.event),
                        Err(_) => bad_lines += 1,
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let mut file = OpenOptions::new().create(true).append(true).open(path)?;
        // A line cut short by a crash must not swallow the next record.
        if file.metadata()?.len() > 0 {
            let mut last = [0u8; 1];
            use std::io::{Read, Seek, SeekFrom};
            let mut r = File::open(path)?;
            r.seek(SeekFrom::End(-1))?;
            r.read_exact(&mut last)?;
            if last[0] != b'\n' {
                file.write_all(b"\n")?;
            }
        }
        Ok((
            Journal {
                file,
                path: path.to_path_buf(),
            },
            Replay { events, bad_lines },
        ))
    }

    /// Append one event and sync it to disk before returning.
    pub fn append(&mut self, event: &Event) -> Result<(), String> {
        let rec = Record {
            time: crate::report::html::now_utc(),
            event: event.clone(),
        };
        let mut line = serde_json::to_string(&rec).map_err(|e| format!("journal: {e}"))?;
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .and_then(|_| self.file.sync_data())
            .map_err(|e| format!("{}: cannot write the journal: {e}", self.path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_and_replays_tolerating_a_cut_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("journal.jsonl");
        {
            let (mut j, r) = Journal::open(&p).unwrap();
            assert!(r.events.is_empty());
            j.append(&Event::Staged { id: "a".into() }).unwrap();
            j.append(&Event::Decided {
                id: "a".into(),
                name: "x.xlsx".into(),
                verdict: "pass".into(),
                action: "release".into(),
                moves: vec![Move {
                    from: "checked/x.xlsx".into(),
                    to: "/r/x.xlsx".into(),
                    sha256: "00".into(),
                }],
            })
            .unwrap();
        }
        // A crash in the middle of a line.
        let mut f = OpenOptions::new().append(true).open(&p).unwrap();
        f.write_all(b"{\"time\":\"x\",\"event\":\"do").unwrap();
        drop(f);
        let (mut j, r) = Journal::open(&p).unwrap();
        assert_eq!(r.bad_lines, 1);
        assert!(r.pending_decision("a").is_some());
        j.append(&Event::Done { id: "a".into() }).unwrap();
        let (_, r) = Journal::open(&p).unwrap();
        assert_eq!(r.bad_lines, 1);
        assert!(r.pending_decision("a").is_none());
        assert_eq!(r.events.len(), 3);
    }
}
