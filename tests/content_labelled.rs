//! The content detectors scored on a labelled set: invented police data
//! (surnames such as Quarrendon and Vellacott that are in no name list,
//! found only through context) plus hard negatives (counts by rank, crime
//! references, dates, money, postcode districts, 6-digit case numbers, rank
//! words in headings, "Constable" as a category).
//!
//! Texts: `tests/data/labelled.csv` (made by `tests/data/make_labelled.py`),
//! roster: `tests/data/labelled_roster.csv`. Tables are built below.
//!
//! Fails below the targets: recall >= 0.99 for roster matches and
//! identifiers with header or rank context, >= 0.95 overall; precision >=
//! 0.95 per detector. Prints the per-detector table:
//! `cargo test --test content_labelled -- --nocapture`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use foiguard::detect::content::{ContentScanner, DetectorsConfig, TextContext};
use foiguard::detect::roster::Roster;
use foiguard::detect::table::TableAnalyzer;

#[derive(Default, Clone, Copy)]
struct Score {
    tp: u32,
    fp: u32,
    fn_: u32,
}

impl Score {
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    fn add(&mut self, o: Score) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn scanner() -> ContentScanner {
    let roster = Roster::load(&data("labelled_roster.csv")).expect("roster");
    let cfg = DetectorsConfig {
        org_email_domains: vec!["police.example.uk".into()],
        ..Default::default()
    };
    ContentScanner::new(&cfg, Some(&roster)).expect("scanner")
}

/// Score one prediction against its labels.
fn score(
    scores: &mut BTreeMap<String, Score>,
    expected: &BTreeSet<String>,
    found: &BTreeSet<String>,
) -> bool {
    let mut ok = true;
    for k in expected.union(found) {
        let s = scores.entry(k.clone()).or_default();
        match (expected.contains(k), found.contains(k)) {
            (true, true) => s.tp += 1,
            (true, false) => {
                s.fn_ += 1;
                ok = false;
            }
            (false, true) => {
                s.fp += 1;
                ok = false;
            }
            _ => {}
        }
    }
    ok
}

/// A small table: rows of cells ("" = empty), run through the analyser.
fn table_kinds(
    scanner: &ContentScanner,
    rows: &[Vec<String>],
) -> (BTreeSet<String>, BTreeSet<(u32, u32)>) {
    let mut t = TableAnalyzer::new(scanner);
    let mut hits = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                t.scan_cell(r as u32, c as u32, Some(v), None, false, &mut hits);
            }
        }
    }
    let out = t.finish();
    let kinds = out.iter().map(|h| h.kind.to_string()).collect();
    let small = out
        .iter()
        .filter(|h| h.kind == "small_count")
        .filter_map(|h| h.sample_cell)
        .collect();
    (kinds, small)
}

fn rows(v: &[&[&str]]) -> Vec<Vec<String>> {
    v.iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect()
}

struct TableCase {
    name: &'static str,
    rows: Vec<Vec<String>>,
    personnel: bool,
    small: Vec<(u32, u32)>,
}

fn table_cases() -> Vec<TableCase> {
    let roster_people = [
        ("Quarrendon", "J"),
        ("Vellacott", "T"),
        ("Pendleford", "S"),
        ("Trewhella", "G"),
        ("Marchbank", "R"),
        ("Corrigall", "C"),
        ("Fennimore", "K"),
        ("Haldane", "L"),
    ];
    let other = [
        "Scantlebury",
        "Venning",
        "Axworthy",
        "Penwarden",
        "Trebilcock",
        "Gwennap",
        "Chynoweth",
        "Bolitho",
        "Polglase",
        "Tremayne",
        "Kitto",
        "Hosking",
        "Jago",
        "Pengelly",
        "Rowse",
        "Treloar",
    ];
    let ranks = [
        "Constable",
        "Sergeant",
        "Inspector",
        "Constable",
        "Police Staff",
        "Constable",
    ];
    let depts = [
        "Response",
        "CID",
        "Roads Policing",
        "Custody",
        "Neighbourhood",
    ];
    let places = ["Lisburn", "Antrim", "Belfast", "Newry", "Omagh"];
    let mut cases = Vec::new();

    // PSNI-style: the whole workforce, one row per person.
    let mut psni = vec![
        [
            "Surname",
            "Initial",
            "Rank",
            "Grade",
            "Department",
            "Location",
            "Contract",
            "Gender",
            "Service No",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>(),
    ];
    for (i, s) in other.iter().enumerate() {
        psni.push(vec![
            s.to_string(),
            "ABCDEFGH".chars().nth(i % 8).unwrap_or('A').to_string(),
            ranks[i % ranks.len()].into(),
            if i % 3 == 0 {
                "Band C".into()
            } else {
                String::new()
            },
            depts[i % depts.len()].into(),
            places[i % places.len()].into(),
            if i % 4 == 0 {
                "Part time".into()
            } else {
                "Full time".into()
            },
            if i % 2 == 0 { "F".into() } else { "M".into() },
            format!("{}", 14_000 + i * 7),
        ]);
    }
    cases.push(TableCase {
        name: "PSNI-style workforce table",
        rows: psni,
        personnel: true,
        small: vec![],
    });

    // Headerless, found through the roster.
    let mut headerless = Vec::new();
    for (i, (s, init)) in roster_people.iter().enumerate() {
        headerless.push(vec![
            s.to_string(),
            init.to_string(),
            ranks[i % ranks.len()].to_string(),
        ]);
    }
    cases.push(TableCase {
        name: "headerless roster names with ranks",
        rows: headerless,
        personnel: true,
        small: vec![],
    });

    cases.push(TableCase {
        name: "staff contact list",
        rows: rows(&[
            &["Name", "Email", "Role"],
            &[
                "Rory Scantlebury",
                "rory.scantlebury@police.example.uk",
                "Analyst",
            ],
            &[
                "Ffion Venning",
                "ffion.venning@police.example.uk",
                "Disclosure officer",
            ],
            &[
                "Oisin Axworthy",
                "oisin.axworthy@police.example.uk",
                "Manager",
            ],
        ]),
        personnel: true,
        small: vec![],
    });
    cases.push(TableCase {
        name: "pay numbers with grades",
        rows: rows(&[
            &["Pay No", "Grade", "Department"],
            &["830114", "SO1", "Finance"],
            &["830115", "PO2", "HR"],
            &["830116", "SO2", "Estates"],
        ]),
        personnel: true,
        small: vec![],
    });
    cases.push(TableCase {
        name: "vetting by person",
        rows: rows(&[
            &["Officer", "Rank", "Vetting level"],
            &["Scantlebury", "DS", "SC"],
            &["Venning", "DC", "NPPV3"],
            &["Axworthy", "PC", "NPPV2"],
        ]),
        personnel: true,
        small: vec![],
    });
    cases.push(TableCase {
        name: "counts by rank and sex",
        rows: rows(&[
            &["Police officers by rank and sex, 31 March 2023"],
            &[],
            &["Rank", "Male", "Female", "Total"],
            &["Constable", "2812", "1401", "4213"],
            &["Sergeant", "620", "203", "823"],
            &["Inspector", "180", "41", "221"],
            &["Chief Superintendent", "3", "1", "4"],
            &["Assistant Chief Constable", "2", "0", "2"],
        ]),
        personnel: false,
        small: vec![(6, 1), (6, 2), (6, 3), (7, 1), (7, 3)],
    });
    cases.push(TableCase {
        name: "officers by station",
        rows: rows(&[
            &["Station", "Officers"],
            &["Lisburn", "112"],
            &["Antrim", "3"],
            &["Newry", "45"],
        ]),
        personnel: false,
        small: vec![(2, 1)],
    });
    cases.push(TableCase {
        name: "crimes by station",
        rows: rows(&[
            &["Crimes recorded by station, 2023"],
            &["Station", "Burglary", "Robbery", "Total"],
            &["Lisburn", "3", "1", "4"],
            &["Antrim", "12", "2", "14"],
        ]),
        personnel: false,
        small: vec![],
    });
    cases.push(TableCase {
        name: "stop and search by ethnicity",
        rows: rows(&[
            &["Stop and search by ethnicity of person searched"],
            &["Ethnicity", "Searches", "Arrests"],
            &["White", "1204", "88"],
            &["Black", "41", "3"],
            &["Asian", "22", "2"],
        ]),
        personnel: false,
        small: vec![],
    });
    cases.push(TableCase {
        name: "arrests by officer rank",
        rows: rows(&[
            &["Rank", "Arrests"],
            &["Constable", "3"],
            &["Sergeant", "1"],
        ]),
        personnel: false,
        small: vec![],
    });
    cases.push(TableCase {
        name: "vetting levels as categories",
        rows: rows(&[
            &["Vetting level", "Number of officers"],
            &["SC", "120"],
            &["DV", "45"],
            &["NPPV3", "812"],
        ]),
        personnel: false,
        small: vec![],
    });
    cases.push(TableCase {
        name: "redacted personnel table",
        rows: rows(&[
            &["Surname", "Rank", "Station"],
            &["[REDACTED s40(2)]", "Constable", "Lisburn"],
            &["[REDACTED s40(2)]", "Sergeant", "Antrim"],
        ]),
        personnel: false,
        small: vec![],
    });
    let mut log = vec![
        rows(&[&[
            "Crime reference",
            "Date",
            "Offence",
            "Postcode district",
            "Outcome",
            "Note",
        ]])
        .remove(0),
    ];
    for i in 0..60 {
        log.push(vec![
            format!("{}", 200_000 + i * 37),
            format!("2024-03-{:02}", 1 + i % 28),
            [
                "Theft from vehicle",
                "Criminal damage",
                "Assault",
                "Shoplifting",
            ][i % 4]
                .into(),
            ["BT1", "BT5", "BT7", "BT12"][i % 4].into(),
            ["Charged", "No further action", "Under investigation"][i % 3].into(),
            "Caller reported damage, area searched, no witnesses".into(),
        ]);
    }
    cases.push(TableCase {
        name: "incident log",
        rows: log,
        personnel: false,
        small: vec![],
    });
    cases
}

#[test]
fn labelled_set_meets_targets() {
    let scanner = scanner();
    let mut rdr = csv::Reader::from_path(data("labelled.csv")).expect("labelled.csv");
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let mut context = Score::default();
    let mut misses: Vec<String> = Vec::new();
    let mut n = 0;
    for rec in rdr.records() {
        let rec = rec.expect("record");
        let (id, group, header, field, text, expected) =
            (&rec[0], &rec[1], &rec[2], &rec[3], &rec[4], &rec[5]);
        let expected: BTreeSet<String> = expected
            .split(';')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let ctx = TextContext {
            header: (!header.is_empty()).then_some(header),
            field: (!field.is_empty()).then_some(field),
        };
        let mut hits = Vec::new();
        scanner.scan(text, &ctx, &mut hits);
        for h in &hits {
            assert!(
                text.is_char_boundary(h.start) && text.is_char_boundary(h.end) && h.start <= h.end
            );
        }
        let found: BTreeSet<String> = hits.iter().map(|h| h.kind.to_string()).collect();
        let mut row_scores = BTreeMap::new();
        if !score(&mut row_scores, &expected, &found) {
            misses.push(format!("#{id} [{group}] {text:?} header={header:?} field={field:?}: expected {expected:?}, found {found:?}"));
        }
        for (k, s) in row_scores {
            if group == "roster" || group == "context" {
                context.tp += s.tp;
                context.fn_ += s.fn_;
            }
            scores.entry(k).or_default().add(s);
        }
        n += 1;
    }

    // Tables: personnel records per table, small counts per cell.
    for case in table_cases() {
        let (kinds, small) = table_kinds(&scanner, &case.rows);
        let mut s = Score::default();
        match (case.personnel, kinds.contains("personnel_records")) {
            (true, true) => s.tp += 1,
            (true, false) => s.fn_ += 1,
            (false, true) => s.fp += 1,
            _ => {}
        }
        if s.fp + s.fn_ > 0 {
            misses.push(format!(
                "table '{}': personnel expected {}, found {kinds:?}",
                case.name, case.personnel
            ));
        }
        scores.entry("personnel_records".into()).or_default().add(s);
        let want: BTreeSet<(u32, u32)> = case.small.iter().copied().collect();
        let mut sc = Score::default();
        for c in want.union(&small) {
            match (want.contains(c), small.contains(c)) {
                (true, true) => sc.tp += 1,
                (true, false) => sc.fn_ += 1,
                (false, true) => sc.fp += 1,
                _ => {}
            }
        }
        if sc.fp + sc.fn_ > 0 {
            misses.push(format!(
                "table '{}': small counts expected {want:?}, found {small:?}",
                case.name
            ));
        }
        scores.entry("small_count".into()).or_default().add(sc);
    }

    let mut total = Score::default();
    println!(
        "\nContent detectors on the labelled set ({n} texts, {} tables)\n",
        table_cases().len()
    );
    println!("| detector | TP | FP | FN | precision | recall |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (k, s) in &scores {
        println!(
            "| {k} | {} | {} | {} | {:.3} | {:.3} |",
            s.tp,
            s.fp,
            s.fn_,
            s.precision(),
            s.recall()
        );
        total.add(*s);
    }
    println!(
        "| **all** | {} | {} | {} | {:.3} | {:.3} |",
        total.tp,
        total.fp,
        total.fn_,
        total.precision(),
        total.recall()
    );
    println!(
        "\nRoster matches and identifiers with header/rank/keyword context: recall {:.3} ({} of {})",
        context.recall(),
        context.tp,
        context.tp + context.fn_
    );
    if !misses.is_empty() {
        println!("\nDisagreements ({}):", misses.len());
        for m in misses.iter().take(80) {
            println!("  {m}");
        }
    }

    assert!(
        context.recall() >= 0.99,
        "context recall {:.3} < 0.99",
        context.recall()
    );
    assert!(
        total.recall() >= 0.95,
        "overall recall {:.3} < 0.95",
        total.recall()
    );
    assert!(
        total.precision() >= 0.95,
        "overall precision {:.3} < 0.95",
        total.precision()
    );
    for (k, s) in &scores {
        assert!(
            s.precision() >= 0.95,
            "{k}: precision {:.3} < 0.95",
            s.precision()
        );
        assert!(s.recall() >= 0.95, "{k}: recall {:.3} < 0.95", s.recall());
    }
}

#[test]
fn roster_of_50000_loads_fast() {
    // Letters-only invented names: "Surnbaa", "Surnbab"...
    let letters = |mut n: u32| {
        let mut s = String::new();
        for _ in 0..4 {
            s.push((b'a' + (n % 26) as u8) as char);
            n /= 26;
        }
        s
    };
    let mut csv =
        String::from("surname,forename,payroll_number,warrant_number,shoulder_number,email\n");
    for i in 0..50_000u32 {
        let sur = format!("Surn{}", letters(i / 3));
        csv.push_str(&format!(
            "{sur},Nam{},{},{},{}AB,{}.x{i}@police.example.uk\n",
            letters(i % 700),
            800_000 + i,
            100_000 + i,
            1000 + i % 8999,
            sur.to_lowercase()
        ));
    }
    let t = std::time::Instant::now();
    let r = Roster::from_csv_reader(csv.as_bytes()).expect("roster");
    let took = t.elapsed();
    assert_eq!(r.len(), 50_000);
    // Person 3: surname letters(1) = "baaa", forename letters(3) = "daaa".
    assert!(r.matches_name("Namdaaa Surnbaaa"));
    println!("50,000-person roster loaded in {took:?}");
    // A bound loose enough for debug builds on a shared machine; the
    // benchmark reports the release figure.
    assert!(took.as_secs_f64() < 30.0);
}
