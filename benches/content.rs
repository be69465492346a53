//! Content detector throughput: `cargo bench --bench content [MB] [THREADS]`.
//!
//! Generates the incident log of `incident_log` in memory (the rows
//! `bench_data gen` writes) plus a 50,000-person roster, then times:
//! - loading the roster from CSV;
//! - every cell through `TableAnalyzer::scan_cell` (scan + table profile)
//!   on THREADS threads (default 2), default detectors plus the roster.
//!
//! Throughput counts the CSV bytes the cells came from (cells plus commas
//! and newlines), so it compares directly with a CSV parse of the same file.

use std::time::Instant;

use foiguard::detect::content::{ContentScanner, DetectorsConfig};
use foiguard::detect::roster::Roster;
use foiguard::detect::table::TableAnalyzer;

mod incident_log;

use incident_log::{HEADER, Rng, SURNAMES, row};

/// A 50,000-person roster: surnames from syllables (tens of thousands of
/// distinct ones, like a real force), forenames from a short list.
fn roster_csv(people: u32) -> String {
    const A: &[&str] = &[
        "Quar", "Vel", "Ash", "Pel", "Tre", "Mul", "Hal", "Brom", "Car", "Dun", "Fen", "Gar",
        "Hol", "Kel", "Lan", "Mar", "Nor", "Pen", "Ros", "Sta", "Thor", "Wal", "Whit", "Ald",
        "Bel",
    ];
    const B: &[&str] = &[
        "ren", "la", "down", "low", "win", "grew", "ling", "ford", "wick", "ton", "by", "ham",
        "ley", "more", "well", "stead", "field", "croft", "worth", "shaw", "dale", "cott", "ridge",
        "brook", "bury", "wood", "combe", "hurst", "den", "lock",
    ];
    const C: &[&str] = &[
        "", "don", "er", "ett", "ison", "an", "ow", "ey", "ings", "ard", "el", "ock",
    ];
    const F: &[&str] = &[
        "Jane", "Tom", "Aoife", "Sean", "Priya", "Mark", "Ruth", "David", "Claire", "Ahmed",
        "Niamh", "Gareth", "Emma", "Paul", "Siobhan", "Kevin", "Laura", "Ian", "Grace", "Owen",
    ];
    let mut rng = Rng(0x1234_5678_9ABC_DEF1);
    let mut s =
        String::from("surname,forename,payroll_number,warrant_number,shoulder_number,email\n");
    for i in 0..people {
        let sur = if i < SURNAMES.len() as u32 {
            SURNAMES[i as usize].to_string()
        } else {
            format!("{}{}{}", rng.pick(A), rng.pick(B), rng.pick(C))
        };
        let fore = rng.pick(F);
        s.push_str(&format!(
            "{sur},{fore},{},{},{}{},{}.{}{}@police.example.uk\n",
            800_000 + i,
            100_000 + (i * 7) % 900_000,
            1000 + i % 8999,
            if i % 3 == 0 { "AB" } else { "" },
            fore.to_lowercase(),
            sur.to_lowercase(),
            i
        ));
    }
    s
}

/// CPU seconds used by the calling thread (user + system), from /proc;
/// robust against other processes sharing the machine. 0 where unavailable.
fn thread_cpu() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/thread-self/stat") else {
        return 0.0;
    };
    let Some(rest) = stat.rsplit_once(')').map(|x| x.1) else {
        return 0.0;
    };
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().filter(|a| !a.starts_with("--")).collect();
    let mb: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let threads: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(2);

    let csv = roster_csv(50_000);
    let t = Instant::now();
    let roster = Roster::from_csv_reader(csv.as_bytes()).expect("roster");
    let load = t.elapsed();
    eprintln!(
        "roster: {} people loaded in {:.0} ms ({:?})",
        roster.len(),
        load.as_secs_f64() * 1000.0,
        roster
    );
    // Diagnostics: FOIGUARD_BENCH_NOOP=1, FOIGUARD_BENCH_NO_ROSTER=1, FOIGUARD_BENCH_SCAN_ONLY=1 (no table profile),
    // FOIGUARD_BENCH_DISABLE=id,id (detectors to turn off).
    let no_roster = std::env::var_os("FOIGUARD_BENCH_NO_ROSTER").is_some();
    let scan_only = std::env::var_os("FOIGUARD_BENCH_SCAN_ONLY").is_some();
    // FOIGUARD_BENCH_NOOP=1: walk the cells without scanning (a baseline for
    // `perf stat -e instructions`, which stays exact on a busy machine).
    let noop = std::env::var_os("FOIGUARD_BENCH_NOOP").is_some();
    let mut cfg = DetectorsConfig::default();
    if let Ok(d) = std::env::var("FOIGUARD_BENCH_DISABLE") {
        cfg.disable = d
            .split(',')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
    }
    let t = Instant::now();
    let scanner =
        ContentScanner::new(&cfg, if no_roster { None } else { Some(&roster) }).expect("scanner");
    eprintln!(
        "scanner built in {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );

    // Generate the cells: one buffer, (start, len) per cell.
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut buf = String::new();
    let mut cells: Vec<(u32, u16)> = Vec::new();
    let target = mb * 1_000_000;
    let mut csv_bytes = 0u64;
    let mut rows = 0u64;
    while csv_bytes < target {
        for v in row(&mut rng, rows) {
            cells.push((buf.len() as u32, v.len() as u16));
            buf.push_str(&v);
            csv_bytes += v.len() as u64 + 1;
        }
        rows += 1;
    }
    eprintln!("generated {rows} rows, {csv_bytes} CSV bytes");

    let per = rows.div_ceil(threads as u64) as usize;
    let t = Instant::now();
    let results: Vec<(usize, usize, f64)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|k| {
                let scanner = &scanner;
                let buf = &buf;
                let cells = &cells;
                s.spawn(move || {
                    let cpu0 = thread_cpu();
                    let mut table = TableAnalyzer::new(scanner);
                    let mut hits = Vec::new();
                    let mut count = 0usize;
                    for (c, h) in HEADER.iter().enumerate() {
                        table.scan_cell(0, c as u32, Some(h), None, false, &mut hits);
                    }
                    let first = k * per;
                    let last = ((k + 1) * per).min(rows as usize);
                    for r in first..last {
                        for c in 0..10 {
                            let (st, len) = cells[r * 10 + c];
                            let v = &buf[st as usize..st as usize + len as usize];
                            if noop {
                                std::hint::black_box(v);
                            } else if scan_only {
                                let ctx =
                                    foiguard::detect::content::TextContext::cell(Some(HEADER[c]));
                                scanner.scan(v, &ctx, &mut hits);
                            } else {
                                table.scan_cell(
                                    r as u32 + 1,
                                    c as u32,
                                    Some(v),
                                    None,
                                    false,
                                    &mut hits,
                                );
                            }
                        }
                        count += hits.len();
                        hits.clear();
                    }
                    let th = table.finish();
                    (count, th.len(), thread_cpu() - cpu0)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    let secs = t.elapsed().as_secs_f64();
    let hits: usize = results.iter().map(|r| r.0).sum();
    let table_hits: usize = results.iter().map(|r| r.1).sum();
    let cpu: f64 = results.iter().map(|r| r.2).sum();
    println!(
        "content scan: {:.1} MB in {:.2} s on {threads} thread(s) = {:.0} MB/s wall; {:.2} CPU-s = {:.0} MB per CPU-second ({hits} hits, {table_hits} table hits, roster {} people, load {:.0} ms)",
        csv_bytes as f64 / 1e6,
        secs,
        csv_bytes as f64 / 1e6 / secs,
        cpu,
        if cpu > 0.0 {
            csv_bytes as f64 / 1e6 / cpu
        } else {
            0.0
        },
        roster.len(),
        load.as_secs_f64() * 1000.0
    );
}
