//! Unit tests of the table analyser: personnel tables, small counts,
//! count tables vs event logs, header finding.

use super::*;
use crate::detect::content::DetectorsConfig;
use crate::model::{Cell, Prepared, Value};

fn run(rows: &[&[&str]]) -> Vec<TableHit> {
    let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
    analysed(&s, rows).finish()
}

/// An analyser that has seen `rows` (empty strings are empty cells).
fn analysed<'s>(s: &'s ContentScanner, rows: &[&[&str]]) -> TableAnalyzer<'s> {
    let mut t = TableAnalyzer::new(s);
    let mut hits = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                t.scan_cell(r as u32, c as u32, Some(v), None, false, &mut hits);
            }
        }
    }
    t
}

fn kinds(h: &[TableHit]) -> Vec<&'static str> {
    h.iter().map(|h| h.kind).collect()
}

#[test]
fn psni_style_personnel_table() {
    let h = run(&[
        &[
            "Surname",
            "Initial",
            "Rank",
            "Department",
            "Location",
            "Gender",
            "Service No",
        ],
        &[
            "Quarrendon",
            "J",
            "Constable",
            "Response",
            "Lisburn",
            "F",
            "14118",
        ],
        &["Vellacott", "T", "Sergeant", "CID", "Antrim", "M", "14119"],
        &[
            "Ashdown-Pryce",
            "R",
            "Inspector",
            "Roads",
            "Belfast",
            "F",
            "14120",
        ],
    ]);
    assert_eq!(kinds(&h), vec!["personnel_records"]);
    assert!(h[0].strong);
    assert_eq!(h[0].range, (0, 0, 3, 6));
    assert_eq!(h[0].sample_cell, Some((1, 0)));
}

#[test]
fn counts_by_rank_are_not_personnel_but_small_counts_are_flagged() {
    let h = run(&[
        &["Officers by rank, 31 March 2023"],
        &[],
        &["Rank", "Male", "Female", "Total"],
        &["Constable", "812", "401", "1213"],
        &["Sergeant", "120", "3", "123"],
        &["Chief Superintendent", "2", "1", "3"],
    ]);
    assert!(!kinds(&h).contains(&"personnel_records"), "{h:?}");
    let small: Vec<(u32, u32)> = h
        .iter()
        .filter(|h| h.kind == "small_count")
        .map(|h| (h.range.0, h.range.1))
        .collect();
    assert_eq!(small, vec![(4, 2), (5, 1), (5, 2), (5, 3)]);
    assert!(h.iter().all(|h| !h.strong));
}

#[test]
fn crime_counts_are_not_small_counts() {
    let h = run(&[
        &["Crimes recorded by station"],
        &["Station", "Burglary", "Robbery", "Total"],
        &["Lisburn", "3", "1", "4"],
        &["Antrim", "12", "2", "14"],
    ]);
    assert!(h.is_empty(), "{h:?}");
    let h = run(&[
        &["Rank", "Arrests"],
        &["Constable", "3"],
        &["Sergeant", "1"],
    ]);
    assert!(h.is_empty(), "{h:?}");
}

#[test]
fn headerless_names_with_ranks() {
    let rows: Vec<Vec<&str>> = [
        ("Smith", "Constable"),
        ("Jones", "Sergeant"),
        ("Taylor", "Constable"),
        ("Brown", "Inspector"),
        ("Williams", "Constable"),
        ("Wilson", "Constable"),
    ]
    .iter()
    .map(|(a, b)| vec![*a, *b])
    .collect();
    let refs: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let h = run(&refs);
    assert_eq!(kinds(&h), vec!["personnel_records"], "{h:?}");
}

#[test]
fn vetting_next_to_people() {
    let h = run(&[
        &["Name", "Role", "Vetting"],
        &["Jane Quarrendon", "Analyst", "SC"],
        &["Tom Vellacott", "Manager", "DV"],
    ]);
    assert!(kinds(&h).contains(&"personnel_records"));
    assert!(kinds(&h).contains(&"vetting_level"));
    // A vetting category count table is neither.
    let h = run(&[
        &["Vetting level", "Number of officers"],
        &["SC", "120"],
        &["DV", "45"],
    ]);
    assert!(h.is_empty(), "{h:?}");
}

#[test]
fn unique_staff_numbers_with_attributes() {
    let h = run(&[
        &["Pay No", "Grade", "Department"],
        &["825729", "SO1", "Finance"],
        &["825730", "PO2", "HR"],
    ]);
    assert_eq!(kinds(&h), vec!["personnel_records"]);
}

#[test]
fn masked_names_are_not_people() {
    let h = run(&[
        &["Surname", "Rank"],
        &["[REDACTED s40(2)]", "Constable"],
        &["[REDACTED s40(2)]", "Sergeant"],
    ]);
    assert!(h.is_empty(), "{h:?}");
}

fn run_owned(rows: &[Vec<String>]) -> Vec<TableHit> {
    let refs: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let refs: Vec<&[&str]> = refs.iter().map(|r| r.as_slice()).collect();
    run(&refs)
}

fn small_cells(h: &[TableHit]) -> Vec<(u32, u32)> {
    h.iter()
        .filter(|h| h.kind == "small_count" && h.cells == 1)
        .map(|h| (h.range.0, h.range.1))
        .collect()
}

/// An incident log like `benches/bench_data.rs` makes, with an
/// "Officers attending" column of 1-4. `cols` picks the columns.
fn incident_log(n: usize, cols: &[usize]) -> Vec<Vec<String>> {
    const HEADER: [&str; 10] = [
        "Crime reference",
        "Date",
        "Time",
        "Offence",
        "Postcode district",
        "Outcome",
        "Officers attending",
        "Value (GBP)",
        "Note",
        "Victim informed",
    ];
    let offences = [
        "Theft from vehicle",
        "Criminal damage",
        "Assault",
        "Shoplifting",
    ];
    let outcomes = ["Charged", "No further action", "Under investigation"];
    let words = [
        "caller",
        "reported",
        "damage",
        "area",
        "searched",
        "no",
        "witnesses",
    ];
    let mut out = vec![cols.iter().map(|&c| HEADER[c].to_string()).collect()];
    for i in 0..n {
        let row = [
            format!("{}", 100_000 + (i * 7919) % 900_000),
            format!("2024-{:02}-{:02}", 1 + i % 12, 1 + (i * 7) % 28),
            format!("{:02}:{:02}", (i * 5) % 24, (i * 13) % 60),
            offences[i % 4].to_string(),
            format!("BT{}", 1 + i % 9),
            outcomes[i % 3].to_string(),
            format!("{}", 1 + (i * 3) % 4),
            format!("{}.{:02}", (i * 37) % 5000, i % 100),
            (0..5 + i % 6)
                .map(|k| words[(i + k * 3) % words.len()])
                .collect::<Vec<_>>()
                .join(" "),
            (if i % 2 == 0 { "TRUE" } else { "FALSE" }).to_string(),
        ];
        out.push(cols.iter().map(|&c| row[c].clone()).collect());
    }
    out
}

#[test]
fn incident_log_officers_attending_is_not_a_small_count() {
    // The whole log (the bench_data shape).
    let all: Vec<usize> = (0..10).collect();
    let h = run_owned(&incident_log(500, &all));
    assert!(!kinds(&h).contains(&"small_count"), "{h:?}");
    // Without the note and the time: reference + date + repeating offences.
    let h = run_owned(&incident_log(300, &[0, 1, 3, 5, 6]));
    assert!(!kinds(&h).contains(&"small_count"), "{h:?}");
    // A short log: reference and date are enough.
    let h = run_owned(&incident_log(12, &[0, 1, 3, 6]));
    assert!(!kinds(&h).contains(&"small_count"), "{h:?}");
    // Dates as Excel date cells are not profiled: the "Date" header
    // above a column of them still counts.
    let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
    let mut t = TableAnalyzer::new(&s);
    let mut hits = Vec::new();
    for (r, row) in incident_log(200, &[0, 1, 3, 6]).iter().enumerate() {
        let r = r as u32;
        for (c, v) in row.iter().enumerate() {
            let number = v.parse::<f64>().ok();
            match (r, c) {
                // Date cells: (None, None), as the collector passes them.
                (1.., 1) => t.scan_cell(r, 1, None, None, false, &mut hits),
                (1.., 0 | 3) => t.scan_cell(r, c as u32, None, number, false, &mut hits),
                _ => t.scan_cell(r, c as u32, Some(v), None, false, &mut hits),
            }
        }
    }
    let h = t.finish();
    assert!(!kinds(&h).contains(&"small_count"), "{h:?}");
    // The same numbers under "Officers" in a table by offence are counts.
    let h = run(&[
        &["Offence", "Officers"],
        &["Assault", "3"],
        &["Criminal damage", "12"],
    ]);
    assert_eq!(small_cells(&h), vec![(1, 1)], "{h:?}");
}

#[test]
fn count_tables_by_rank_ethnicity_and_unit_keep_small_counts() {
    let h = run(&[
        &["Rank", "Male", "Female"],
        &["Constable", "812", "401"],
        &["Sergeant", "120", "4"],
        &["Inspector", "2", "31"],
        &["Chief Inspector", "3", "1"],
    ]);
    assert_eq!(small_cells(&h), vec![(2, 2), (3, 1), (4, 1), (4, 2)]);
    let h = run(&[
        &["Officers by ethnicity, 31 March 2023"],
        &["Ethnicity", "Officers"],
        &["White", "1204"],
        &["Black", "3"],
        &["Asian", "2"],
        &["Mixed", "14"],
    ]);
    assert_eq!(small_cells(&h), vec![(3, 1), (4, 1)]);
    let h = run(&[
        &["Station", "Constables", "Sergeants", "Inspectors"],
        &["Lisburn", "112", "14", "3"],
        &["Antrim", "40", "2", "1"],
        &["Newry", "45", "6", "0"],
    ]);
    assert_eq!(small_cells(&h), vec![(1, 3), (2, 2), (2, 3)]);
    // Staff with a personal characteristic, counted by station.
    let h = run(&[
        &["Station", "Officers declaring a disability"],
        &["Antrim", "3"],
        &["Lisburn", "0"],
        &["Bangor", "12"],
        &["Newry", "1"],
    ]);
    assert_eq!(small_cells(&h), vec![(1, 1), (4, 1)]);
    // Units with a unique cost-centre code and a repeating division:
    // still one row per unit.
    let mut rows = vec![vec![
        "Cost centre".to_string(),
        "Unit".into(),
        "Division".into(),
        "Headcount".into(),
    ]];
    let places = ["Lisburn", "Antrim", "Newry", "Omagh", "Larne", "Banbridge"];
    let teams = ["Response", "Neighbourhood", "CID", "Custody", "Roads"];
    for (i, p) in places.iter().enumerate() {
        for (j, t) in teams.iter().enumerate() {
            rows.push(vec![
                format!("{}", 410_000 + i * 10 + j),
                format!("{p} {t}"),
                ["North", "South"][i % 2].into(),
                format!("{}", if j == 2 { 3 } else { 20 + i + j }),
            ]);
        }
    }
    let h = run_owned(&rows);
    assert_eq!(small_cells(&h).len(), places.len(), "{h:?}");
}

#[test]
fn a_long_list_of_units_is_still_a_count_table() {
    // 2,000 units (distinct labels) with their officer numbers; one in
    // four has 1-4 officers.
    let mut rows = vec![vec![
        "Unit".to_string(),
        "Division".into(),
        "Officers".into(),
    ]];
    let a = [
        "North", "South", "East", "West", "Central", "Upper", "Lower", "Old",
    ];
    let b = [
        "Lisburn",
        "Antrim",
        "Newry",
        "Omagh",
        "Larne",
        "Banbridge",
        "Coleraine",
        "Derry",
        "Armagh",
        "Strabane",
    ];
    let c = ["Response", "Neighbourhood", "CID", "Custody", "Roads"];
    let d = ["Team", "Unit", "Section", "Hub", "Desk"];
    'outer: for x in a {
        for y in b {
            for z in c {
                for w in d {
                    let i = rows.len();
                    if i > 2000 {
                        break 'outer;
                    }
                    rows.push(vec![
                        format!("{x} {y} {z} {w}"),
                        y.to_string(),
                        format!(
                            "{}",
                            if i % 4 == 0 {
                                1 + i % 4 + i % 3
                            } else {
                                10 + i % 90
                            }
                        ),
                    ]);
                }
            }
        }
    }
    let h = run_owned(&rows);
    let small: Vec<&TableHit> = h.iter().filter(|h| h.kind == "small_count").collect();
    assert_eq!(small.len(), MAX_SMALL_HITS + 1, "{h:?}");
    let total: u64 = small.iter().map(|h| h.cells).sum();
    assert_eq!(total, 500);
}

#[test]
fn header_is_known_to_later_rows() {
    let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
    let mut t = TableAnalyzer::new(&s);
    let mut hits = Vec::new();
    t.scan_cell(0, 0, Some("Surname"), None, false, &mut hits);
    t.scan_cell(0, 1, Some("Warrant No"), None, false, &mut hits);
    t.scan_cell(1, 0, Some("Quarrendon"), None, false, &mut hits);
    assert_eq!(t.header(0), Some("Surname"));
    t.scan_cell(1, 1, None, Some(141183.0), false, &mut hits);
    assert!(hits.iter().any(|h| h.kind == "person_name" && h.strong));
    assert!(hits.iter().any(|h| h.kind == "warrant_number"));
}

#[test]
fn cells_scanned_ahead_give_the_same_hits_and_tables() {
    let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
    let header = ["Surname", "Forename", "Rank", "Collar", "Payroll", "Note"];
    let ranks = ["Constable", "Sergeant", "Inspector"];
    let names = ["Quarrendon", "Vellacott", "Ashdown", "Penhallow"];
    let row = |r: usize| -> Vec<(Option<String>, Option<f64>)> {
        vec![
            (Some(names[r % 4].to_string()), None),
            (Some(["Jane", "Tom", "Ruth"][r % 3].to_string()), None),
            (Some(ranks[r % 3].to_string()), None),
            (None, Some(4000.0 + r as f64)),
            (Some(format!("{}", 825_000 + r)), None),
            (Some(format!("Seen by PC {} at the scene", 4000 + r)), None),
        ]
    };
    let rows: Vec<_> = (0..40).map(row).collect();
    let scan_all = |t: &mut TableAnalyzer, r: usize, out: &mut Vec<Vec<Hit>>| {
        for (c, (text, number)) in rows[r].iter().enumerate() {
            let mut hits = Vec::new();
            t.scan_cell(
                r as u32 + 1,
                c as u32,
                text.as_deref(),
                *number,
                false,
                &mut hits,
            );
            out.push(hits);
        }
    };

    // One by one on one thread.
    let mut one = TableAnalyzer::new(&s);
    let mut one_hits = Vec::new();
    for (c, h) in header.iter().enumerate() {
        one.scan_cell(0, c as u32, Some(h), None, false, &mut Vec::new());
    }
    for r in 0..rows.len() {
        scan_all(&mut one, r, &mut one_hits);
    }

    // The header and two rows one by one, the rest scanned ahead.
    let mut two = TableAnalyzer::new(&s);
    let mut two_hits = Vec::new();
    for (c, h) in header.iter().enumerate() {
        two.scan_cell(0, c as u32, Some(h), None, false, &mut Vec::new());
    }
    assert!(
        two.prework().is_none(),
        "no prework before the header is settled"
    );
    for r in 0..2 {
        scan_all(&mut two, r, &mut two_hits);
    }
    let mut work = two.prework().expect("the header is settled");
    let cells: Vec<Cell> = (2..rows.len())
        .flat_map(|r| {
            rows[r].iter().enumerate().map(move |(c, (t, n))| Cell {
                row: r as u32 + 1,
                col: c as u32,
                value: match (t, n) {
                    (Some(t), _) => Value::Text(t),
                    (None, Some(n)) => Value::Number(*n),
                    _ => Value::Bool(false),
                },
                formula: None,
                hide: crate::model::Hide::NONE,
            })
        })
        .collect();
    let mut done = None;
    for part in cells.chunks(5) {
        work.run(part, &mut done);
    }
    let done = done.expect("a result");
    let (scanned, first) = ScannedCells::from(Some(Prepared {
        result: &*done,
        first: 0,
    }))
    .unwrap();
    for (i, cell) in cells.iter().enumerate() {
        let hits = scanned.hits(first + i).unwrap().to_vec();
        let (t, n) = &rows[cell.row as usize - 1][cell.col as usize];
        two.scanned_cell(cell.row, cell.col, t.as_deref(), *n, false, &hits);
        two_hits.push(hits);
    }

    assert_eq!(one_hits, two_hits);
    // The ahead part found collar numbers, names and payroll numbers.
    let ahead: Vec<&str> = two_hits[12..].iter().flatten().map(|h| h.kind).collect();
    for kind in ["shoulder_number", "person_name", "payroll_number"] {
        assert!(ahead.contains(&kind), "{kind} in {ahead:?}");
    }
    assert_eq!(one.finish(), two.finish());
}

/// Like [`run`], with cells that are plain numbers passed as numbers (as
/// the CSV reader and a typed workbook give them).
fn run_typed(rows: &[Vec<String>]) -> Vec<TableHit> {
    let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
    let mut t = TableAnalyzer::new(&s);
    let mut hits = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            match v.parse::<f64>() {
                Ok(n) => t.scan_cell(r as u32, c as u32, None, Some(n), false, &mut hits),
                Err(_) if !v.is_empty() => {
                    t.scan_cell(r as u32, c as u32, Some(v), None, false, &mut hits)
                }
                Err(_) => {}
            }
        }
    }
    t.finish()
}

const RANKS: [&str; 5] = [
    "Constable",
    "Sergeant",
    "Inspector",
    "Constable",
    "Chief Inspector",
];
const STATIONS: [&str; 4] = ["Lisburn", "Antrim", "Belfast", "Omagh"];

#[test]
fn a_generic_id_column_of_staff_numbers_makes_a_personnel_table() {
    // The PSNI pattern with the number column headed only "ID" (or nothing):
    // unique numbers of one length beside rank and gender, one row per person.
    for header in ["ID", "Ref", "Number", ""] {
        let mut rows = vec![vec![
            header.to_string(),
            "Rank".into(),
            "Station".into(),
            "Gender".into(),
        ]];
        for i in 0..40 {
            rows.push(vec![
                format!("{}", 58_100 + i * 37),
                RANKS[i % 5].into(),
                STATIONS[i % 4].into(),
                ["M", "F"][i % 2].into(),
            ]);
        }
        let h = run_typed(&rows);
        assert_eq!(kinds(&h), vec!["personnel_records"], "header {header:?}");
        assert!(h[0].strong, "header {header:?}");
    }
}

#[test]
fn a_count_column_headed_number_is_not_a_staff_number() {
    // Counts all different and some of four digits, under "Number": a
    // count table, not people.
    let mut rows = vec![vec!["Rank".to_string(), "Gender".into(), "Number".into()]];
    let counts = [
        3120, 1480, 1010, 1465, 1302, 221, 1187, 2098, 1999, 1234, 1001, 1777,
    ];
    for (i, n) in counts.iter().enumerate() {
        rows.push(vec![
            RANKS[i % 5].into(),
            ["Male", "Female"][i % 2].into(),
            n.to_string(),
        ]);
    }
    let h = run_typed(&rows);
    assert!(!kinds(&h).contains(&"personnel_records"), "{h:?}");
}

#[test]
fn many_rows_of_staff_attributes_without_counts_need_review() {
    let attrs = |n: usize| {
        let mut rows = vec![vec!["Rank".to_string(), "Station".into(), "Gender".into()]];
        for i in 0..n {
            rows.push(vec![
                RANKS[i % 5].into(),
                STATIONS[i % 4].into(),
                ["M", "F"][i % 3 % 2].into(),
            ]);
        }
        rows
    };
    let h = run_typed(&attrs(30));
    assert_eq!(kinds(&h), vec!["personnel_records"]);
    assert!(!h[0].strong);
    assert_eq!(h[0].variant, Some("attributes"));
    // A few rows, or a count column, make it a count table.
    assert!(run_typed(&attrs(8)).is_empty());
    let mut counted = attrs(30);
    counted[0].push("Count".into());
    for (i, r) in counted.iter_mut().skip(1).enumerate() {
        r.push((i % 7 + 5).to_string());
    }
    assert!(!kinds(&run_typed(&counted)).contains(&"personnel_records"));
    // An age or a length of service is a person's own number, not a count.
    for header in ["Age", "Years service"] {
        let mut aged = attrs(30);
        aged[0].push(header.into());
        for (i, r) in aged.iter_mut().skip(1).enumerate() {
            r.push((i % 30 + 22).to_string());
        }
        let h = run_typed(&aged);
        assert_eq!(kinds(&h), vec!["personnel_records"], "{header}");
        assert!(!h[0].strong);
    }
}

#[test]
fn a_staff_list_below_a_count_table_is_its_own_table() {
    // The analyst's layout: counts by rank on top, the extract they came
    // from below, after a blank row and a title.
    let h = run(&[
        &["Rank", "Officers"],
        &["Constable", "312"],
        &["Sergeant", "3"],
        &["Inspector", "21"],
        &[],
        &["Extract used"],
        &["Surname", "Initial", "Rank", "Station", "Gender"],
        &["Quarrendon", "J", "Constable", "Lisburn", "F"],
        &["Vellacott", "T", "Sergeant", "Antrim", "M"],
        &["Penhallow", "R", "Constable", "Omagh", "F"],
    ]);
    assert_eq!(kinds(&h), vec!["small_count", "personnel_records"], "{h:?}");
    assert_eq!(h[0].range, (2, 1, 2, 1), "the count of 3 sergeants");
    assert_eq!(h[1].range, (6, 0, 9, 4), "the staff list from its header");
}

#[test]
fn a_staff_list_straight_under_a_count_table_is_its_own_table() {
    // The same layout with no blank row between: the header of people
    // starts the staff list.
    let h = run(&[
        &["Rank", "Officers"],
        &["Constable", "312"],
        &["Sergeant", "3"],
        &["Inspector", "21"],
        &["Surname", "Initial", "Rank", "Station", "Gender"],
        &["Quarrendon", "J", "Constable", "Lisburn", "F"],
        &["Vellacott", "T", "Sergeant", "Antrim", "M"],
        &["Penhallow", "R", "Constable", "Omagh", "F"],
    ]);
    assert_eq!(kinds(&h), vec!["small_count", "personnel_records"], "{h:?}");
    assert_eq!(h[1].range, (4, 0, 7, 4), "the staff list from its header");
    // A subtitle row of a count table is not a header of people.
    let h = run(&[
        &["Rank", "Officers"],
        &["Constable", "312"],
        &["Inspector", "21"],
        &["Police staff", "Grades"],
        &["Band C", "40"],
        &["Band D", "32"],
    ]);
    assert!(!kinds(&h).contains(&"personnel_records"), "{h:?}");
}

#[test]
fn a_row_of_group_labels_over_the_header_is_a_title() {
    let h = run(&[
        &["Personal details", "", "", "Employment"],
        &["Surname", "Forename", "Date of birth", "Payroll No"],
        &["Quarrendon", "John", "1981-03-14", "701234"],
        &["Aldwinckle", "Mary", "1979-11-02", "708899"],
        &["Penhallow", "Ruth", "1990-06-21", "712345"],
    ]);
    assert_eq!(kinds(&h), vec!["personnel_records"], "{h:?}");
    assert_eq!(h[0].range.0, 1, "headed by row 2");
    // A header of unknown words over text rows is still the header.
    let h = run(&[
        &["Team", "Outcome"],
        &["North", "Closed"],
        &["South", "Open"],
    ]);
    assert!(h.is_empty(), "{h:?}");
}

#[test]
fn listed_names_beside_unique_staff_numbers_without_a_header_are_people() {
    let people = [
        "John Quarrendon",
        "Mary Aldwinckle",
        "David Brankstone",
        "Aoife Penhallow",
        "Mohammed Tregarthen",
        "Sarah Vellacott",
    ];
    let rows: Vec<Vec<String>> = people
        .iter()
        .enumerate()
        .map(|(i, p)| vec![p.to_string(), format!("{}", 701_234 + i * 7_919)])
        .collect();
    let h = run_owned(&rows);
    assert_eq!(kinds(&h), vec!["personnel_records"], "{h:?}");
    // The same names beside counts are not a list of staff numbers.
    let counts: Vec<Vec<String>> = people
        .iter()
        .enumerate()
        .map(|(i, p)| vec![p.to_string(), format!("{}", 3 + i)])
        .collect();
    assert!(!kinds(&run_owned(&counts)).contains(&"personnel_records"));
}

#[test]
fn a_long_note_above_the_header_does_not_hide_the_table() {
    let mut rows: Vec<Vec<String>> = (0..40)
        .map(|i| {
            vec![format!(
                "Methodology note line {i}: figures as at 31 March."
            )]
        })
        .collect();
    rows.push(vec![
        "Surname".into(),
        "Initial".into(),
        "Rank".into(),
        "Station".into(),
    ]);
    for (s, i) in [("Quarrendon", "J"), ("Vellacott", "T"), ("Penhallow", "R")] {
        rows.push(vec![
            s.into(),
            i.into(),
            "Constable".into(),
            "Lisburn".into(),
        ]);
    }
    let h = run_owned(&rows);
    assert_eq!(kinds(&h), vec!["personnel_records"], "{h:?}");
    assert_eq!(h[0].range.0, 40, "headed by row 41");
}

#[test]
fn a_table_far_to_the_right_is_profiled() {
    let at = 300usize;
    let rows: Vec<Vec<String>> = [
        ["Surname", "Initial", "Rank", "Station"],
        ["Quarrendon", "J", "Constable", "Lisburn"],
        ["Vellacott", "T", "Sergeant", "Antrim"],
        ["Penhallow", "R", "Constable", "Omagh"],
    ]
    .iter()
    .map(|r| {
        let mut v = vec![String::new(); at];
        v.extend(r.iter().map(|s| s.to_string()));
        v
    })
    .collect();
    let h = run_owned(&rows);
    assert_eq!(kinds(&h), vec!["personnel_records"], "{h:?}");
    assert_eq!(h[0].range.1, at as u32);
}

#[test]
fn a_blank_row_inside_a_table_does_not_split_it() {
    let rows: Vec<Vec<String>> = (0..30)
        .map(|i| {
            if i == 0 {
                vec!["Surname".into(), "Rank".into(), "Service no".into()]
            } else if i % 10 == 0 {
                Vec::new()
            } else {
                vec![
                    ["Quarrendon", "Vellacott"][i % 2].into(),
                    "Constable".into(),
                    format!("{}", 825_700 + i),
                ]
            }
        })
        .collect();
    let h = run_owned(&rows);
    assert_eq!(kinds(&h), vec!["personnel_records"], "{h:?}");
    assert_eq!(h[0].range, (0, 0, 29, 2), "one table, blank rows and all");
    // A header repeated after a blank row (a printed page's) continues it.
    let mut repeated = rows.clone();
    repeated[11] = vec!["Surname".into(), "Rank".into(), "Service no".into()];
    let h = run_owned(&repeated);
    assert_eq!(kinds(&h), vec!["personnel_records"], "{h:?}");
    assert_eq!(h[0].range, (0, 0, 29, 2));
}

/// An organogram in the published shape: the post's reference, the grade
/// saying the rank ("ACC Crime Operations" in the title), the switchboard:
/// chief officers, for review; a junior post named among them is not.
#[test]
fn an_organogram_of_chief_officers_is_for_review() {
    let header: &[&str] = &[
        "Post unique reference",
        "Name",
        "Grade",
        "Job title",
        "Contact phone",
    ];
    let rows: &[&[&str]] = &[
        header,
        &[
            "CC001",
            "Alexandra Rowan",
            "Chief Constable",
            "Chief Constable",
            "028 9065 0222",
        ],
        &[
            "DCC001",
            "Marcus Whitfield",
            "Deputy Chief Constable",
            "DCC",
            "028 9065 0222",
        ],
        &[
            "ACC003",
            "Priya Raman",
            "Assistant Chief Constable",
            "ACC Crime Operations",
            "028 9065 0222",
        ],
        &["HR010", "N/D", "Band E", "HR Business Partner", "N/D"],
    ];
    let h = run(rows);
    let p: Vec<&TableHit> = h.iter().filter(|h| h.kind == "personnel_records").collect();
    assert_eq!(p.len(), 1, "{h:?}");
    assert_eq!(p[0].variant, Some("senior_posts"), "{h:?}");
    let mut junior: Vec<&[&str]> = rows.to_vec();
    junior[4] = &[
        "HR010",
        "Dawn Pellowe",
        "Band E",
        "HR Business Partner",
        "028 9065 0222",
    ];
    let h = run(&junior);
    assert!(
        h.iter()
            .any(|h| h.kind == "personnel_records" && h.variant.is_none()),
        "{h:?}"
    );
}

#[test]
fn a_table_of_senior_posts_only_is_for_review() {
    let senior = run(&[
        &["Remuneration of senior officers 2023/24"],
        &["Post", "Post holder", "Salary (£)"],
        &["Chief Constable", "Alasdair Penhallow", "189000"],
        &["Deputy Chief Constable", "Ruth Castellane", "151200"],
        &["Assistant Chief Constable", "Marcus Ellerby", "128400"],
        &["Director of Finance", "Helen Brackley", "98500"],
        &["Notes: published in the Statement of Accounts 2023/24"],
    ]);
    let p: Vec<&TableHit> = senior
        .iter()
        .filter(|h| h.kind == "personnel_records")
        .collect();
    assert_eq!(p.len(), 1, "{senior:?}");
    assert_eq!(p[0].variant, Some("senior_posts"));
    assert!(!p[0].strong);
    // One junior post among them: a table of people.
    let mixed = run(&[
        &["Post", "Post holder", "Salary (£)"],
        &["Chief Constable", "Alasdair Penhallow", "189000"],
        &["Deputy Chief Constable", "Ruth Castellane", "151200"],
        &[
            "Staff officer to the Chief Constable",
            "Marcus Ellerby",
            "48400",
        ],
        &["Director of Finance", "Helen Brackley", "98500"],
    ]);
    let p: Vec<&TableHit> = mixed
        .iter()
        .filter(|h| h.kind == "personnel_records")
        .collect();
    assert_eq!(p.len(), 1, "{mixed:?}");
    assert_eq!(p[0].variant, None);
    assert!(p[0].strong);
}

#[test]
fn a_staff_list_written_over_a_count_tables_rows_is_its_own_table() {
    // Rows stored out of order: a count table in A:B, then the same row
    // numbers again holding a staff list in E:I (Excel calls the file
    // corrupt; other readers show both).
    let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
    let mut t = TableAnalyzer::new(&s);
    let mut hits = Vec::new();
    let counts: &[&[&str]] = &[
        &["Rank", "Headcount"],
        &["Constable", "5123"],
        &["Sergeant", "1022"],
        &["Inspector", "380"],
    ];
    let people: &[&[&str]] = &[
        &["Surname", "Initial", "Rank", "Station", "Service number"],
        &["Quarrendon", "J", "Constable", "Lisburn", "825729"],
        &["Brackendon", "M", "Sergeant", "Banbridge", "803114"],
        &["Henswick", "A", "Inspector", "Omagh", "791552"],
        &["Tollerby", "R", "Constable", "Strabane", "830047"],
    ];
    for (first_col, rows) in [(0u32, counts), (4, people)] {
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                t.scan_cell(
                    r as u32,
                    first_col + c as u32,
                    Some(v),
                    None,
                    false,
                    &mut hits,
                );
            }
        }
    }
    let h = t.finish();
    assert!(kinds(&h).contains(&"personnel_records"), "{h:?}");
}

#[test]
fn a_rota_of_collar_numbers_and_surnames_is_a_table_of_people() {
    let h = run(&[
        &["Shift", "Mon", "Tue", "Wed"],
        &["Early", "3887 DRUMGOOLE", "7042 MOXHAY", "3155 TARROWBY"],
        &[
            "Early",
            "1574 QUARRENDON",
            "8779 PENWARDEN",
            "6108 HENSWICK",
        ],
        &[
            "Late",
            "9190 BRACKENRIDGE",
            "1238 HOBBERLEY",
            "7264 YARROWBY",
        ],
        &["Late", "6409 YARROWBY", "8499 ORRINSBY", "8579 TULLEN"],
    ]);
    assert!(kinds(&h).contains(&"personnel_records"), "{h:?}");
    // Codes with department names are not people.
    let h = run(&[
        &["Cost centre", "Budget"],
        &["4100 FINANCE", "120000"],
        &["4101 ESTATES", "90000"],
        &["4102 TRAINING", "80000"],
        &["4103 TRANSPORT", "70000"],
    ]);
    assert!(!kinds(&h).contains(&"personnel_records"), "{h:?}");
}

#[test]
fn councillors_allowances_are_a_published_list() {
    let h = run(&[
        &["Councillor", "Ward", "Party", "Basic allowance"],
        &["Cllr Margaret Ashworth", "Abbey", "Labour", "11250"],
        &["Cllr Tariq Hussain", "Brackenfield", "Labour", "11250"],
        &[
            "Cllr Fiona McAllister",
            "Castleton",
            "Liberal Democrat",
            "11250",
        ],
    ]);
    let p: Vec<&TableHit> = h.iter().filter(|h| h.kind == "personnel_records").collect();
    assert!(
        p.iter()
            .all(|t| t.variant == Some("senior_posts") && !t.strong),
        "{h:?}"
    );
}

#[test]
fn councillors_by_title_under_a_bare_name_header_are_a_published_list() {
    let rows = |title: &str| -> Vec<Vec<String>> {
        let mut rows = vec![vec!["Name".to_string(), "Ward".into(), "Party".into()]];
        for (n, w) in [
            ("Oonagh Devlin", "Armley"),
            ("Rosalind Fairbairn", "Headingley"),
            ("Ewan Drummond", "Roundhay"),
            ("Eleri Vaughan", "Hunslet"),
        ] {
            rows.push(vec![format!("{title}{n}"), w.into(), "Labour".into()]);
        }
        rows
    };
    let h = run_owned(&rows("Cllr "));
    let p: Vec<&TableHit> = h.iter().filter(|h| h.kind == "personnel_records").collect();
    assert!(
        p.iter()
            .all(|t| t.variant == Some("senior_posts") && !t.strong),
        "{h:?}"
    );
    // Their council e-mail addresses are published with them.
    let mut with_email = rows("Cllr ");
    with_email[0].push("Email".into());
    for (i, r) in with_email.iter_mut().skip(1).enumerate() {
        r.push(format!("cllr.member{i}@council.example.gov.uk"));
    }
    let h = run_owned(&with_email);
    assert!(
        h.iter()
            .filter(|t| t.kind == "personnel_records")
            .all(|t| t.variant == Some("senior_posts") && !t.strong),
        "{h:?}"
    );
    // The same names without the title are not known to be councillors.
    let h = run_owned(&rows(""));
    assert!(
        !h.iter()
            .any(|t| t.kind == "personnel_records" && t.variant == Some("senior_posts")),
        "{h:?}"
    );
}

#[test]
fn a_count_column_with_one_name_copied_in_is_not_a_name_column() {
    let h = run(&[
        &["Division", "Searches", "Arrests"],
        &["Northern", "1243", "187"],
        &["Southern", "986", "143"],
        &["Eastern", "1532", "266"],
        &["Western", "744", "98"],
        &["Central", "2011", "351"],
        &["Lead", "Richard Emmott", ""],
    ]);
    assert!(!kinds(&h).contains(&"personnel_records"), "{h:?}");
}

#[test]
fn a_staff_member_column_is_not_councillors() {
    let rows: &[&[&str]] = &[
        &["Staff member", "Directorate", "Grade", "Salary"],
        &["JANKAUSKAS, Emeka", "Legal Services", "SO1", "32291"],
        &["OKAFOR, Grainne", "Revenues", "Scale 6", "35523"],
        &["QUARRENDON, Jane", "Planning", "Scale 5", "29100"],
    ];
    let h = run(rows);
    let p: Vec<&TableHit> = h.iter().filter(|h| h.kind == "personnel_records").collect();
    assert!(
        !p.is_empty() && p.iter().all(|t| t.strong && t.variant.is_none()),
        "{h:?}"
    );
    let mut members = rows.to_vec();
    members[0] = &["Member", "Ward", "Grade", "Allowance"];
    let h = run(&members);
    assert!(
        h.iter()
            .filter(|h| h.kind == "personnel_records")
            .all(|t| t.variant == Some("senior_posts")),
        "{h:?}"
    );
}

#[test]
fn a_single_column_of_surnames_with_staff_numbers_is_a_list_of_people() {
    let h = run(&[
        &["Check"],
        &["Quarrendon 825729"],
        &["Brackendon 803114"],
        &["Henswick 791552"],
        &["Tollerby 830047"],
    ]);
    assert!(kinds(&h).contains(&"personnel_records"), "{h:?}");
}

#[test]
fn numbered_answers_and_sentences_are_no_counts_of_staff() {
    let h = run(&[
        &["Question", "Response"],
        &[
            "1",
            "The Armed Response Unit has 2 female officers, both of Asian heritage.",
        ],
        &["2", "We hold no information."],
    ]);
    assert!(!kinds(&h).contains(&"small_count"), "{h:?}");
    let h = run(&[
        &["Comment", "Responses"],
        &["Two Asian officers said the canteen closed too early.", "3"],
        &["Parking at the station is poor", "41"],
    ]);
    assert!(!kinds(&h).contains(&"small_count"), "{h:?}");
}

#[test]
fn a_note_in_a_single_column_list_is_not_taken_for_its_header() {
    let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
    let notes: &[&[&str]] = &[
        &["Note"],
        &["window parked informed searched"],
        &["attended report requested day"],
        &["report received parked searched"],
        &["day parked no from CCTV owner"],
        &["from attended received items vehicle"],
        &["area received requested window"],
    ];
    let t = analysed(&s, notes);
    assert_eq!(t.header_row, None, "a note became the header");
    // A title of two lines above a lone header still leaves it the header.
    let listed: &[&[&str]] = &[
        &["Weekend rota"],
        &["Spring term"],
        &["Officer"],
        &["Quarrendon"],
        &["Brackendon"],
    ];
    assert_eq!(analysed(&s, listed).header_row, Some(2));
}

#[test]
fn gaps_in_a_held_row_are_found_whatever_order_its_cells_came_in() {
    let row = |cols: &[u32]| header::Pending {
        row: 0,
        cells: cols
            .iter()
            .map(|&c| (c, Some("Employment".to_string()), None, false))
            .collect(),
        flags: vec![(false, false); cols.len()],
    };
    assert!(TableAnalyzer::has_gaps(&row(&[3, 0])));
    assert!(TableAnalyzer::has_gaps(&row(&[0, 3])));
    assert!(!TableAnalyzer::has_gaps(&row(&[1, 0, 2])));
}

#[test]
fn conduct_cases_by_unique_job_title_are_for_review() {
    let by_post = run(&[
        &["Case", "Job title", "Directorate", "Allegation", "Outcome"],
        &[
            "D1",
            "Head of Legal Services",
            "Resources",
            "Misuse of credit card",
            "Resigned",
        ],
        &[
            "D2",
            "Director of Public Health",
            "Adults",
            "Conflict of interest",
            "Final written warning",
        ],
        &[
            "D3",
            "Chief Digital Officer",
            "Resources",
            "Bullying",
            "No case to answer",
        ],
        &[
            "D4",
            "Head of Fleet",
            "Environment",
            "Gross misconduct",
            "Dismissed",
        ],
    ]);
    let p: Vec<&TableHit> = by_post
        .iter()
        .filter(|h| h.kind == "personnel_records")
        .collect();
    assert_eq!(p.len(), 1, "{by_post:?}");
    assert_eq!(p[0].variant, Some("unique_posts"));
    assert!(!p[0].strong);
    // The same cases by grade, which repeats: a category, no one in it.
    let by_grade = run(&[
        &["Case", "Job title", "Allegation", "Outcome"],
        &["D1", "Constable", "Neglect of duty", "Written warning"],
        &["D2", "Constable", "Discreditable conduct", "Dismissed"],
        &["D3", "Sergeant", "Bullying", "No case to answer"],
        &["D4", "Constable", "Honesty", "Dismissed"],
    ]);
    assert!(
        !by_grade.iter().any(|h| h.kind == "personnel_records"),
        "{by_grade:?}"
    );
    // All-different posts with nothing personal beside them: a list of posts.
    let posts = run(&[
        &["Job title", "Directorate", "Grade"],
        &["Head of Legal Services", "Resources", "Band 9"],
        &["Director of Public Health", "Adults", "Director"],
        &["Chief Digital Officer", "Resources", "Band 9"],
    ]);
    assert!(
        !posts.iter().any(|h| h.variant == Some("unique_posts")),
        "{posts:?}"
    );
}

/// A caption under a table of counts, after blank rows, that reads like a
/// people header ("Top 5 individual claimants") is no one-column list:
/// the header row below it starts the table, and its payroll numbers count.
#[test]
fn a_caption_over_a_second_table_is_not_its_header() {
    let hits = run(&[
        &["Department", "Overtime (£)"],
        &["Response", "671329"],
        &["CID", "873024"],
        &["Custody", "782054"],
        &[],
        &[],
        &["Top 5 individual claimants"],
        &["Payroll no.", "Rank", "Overtime (£)"],
        &["72522", "Chief Inspector", "32734"],
        &["68962", "Constable", "34016"],
        &["38205", "Superintendent", "52067"],
        &["42293", "Superintendent", "29282"],
        &["61180", "Constable", "36396"],
    ]);
    assert!(
        hits.iter()
            .any(|h| h.kind == "personnel_records" && h.strong),
        "{hits:?}"
    );
}

/// The requested figures in A:B, the staff list they came from in E:H.
const FIGURES_BESIDE_STAFF: &[&[&str]] = &[
    &[
        "Department",
        "Overtime (£)",
        "",
        "",
        "Name",
        "Payroll",
        "Department",
        "OT hours",
    ],
    &[
        "Response",
        "887166",
        "",
        "",
        "Aoife Brennan",
        "814402",
        "Response",
        "112",
    ],
    &[
        "Neighbourhood",
        "85589",
        "",
        "",
        "Gareth Llewellyn",
        "814417",
        "CID",
        "64",
    ],
    &[
        "CID",
        "13265",
        "",
        "",
        "Priya Raman",
        "814452",
        "Custody",
        "30",
    ],
    &[
        "",
        "",
        "",
        "",
        "Siobhan Fitzgerald",
        "814489",
        "Roads",
        "12",
    ],
];

#[test]
fn a_staff_list_beside_figures_is_its_own_columns() {
    let h = run(FIGURES_BESIDE_STAFF);
    let p = h.iter().find(|h| h.kind == "personnel_records").unwrap();
    assert_eq!(p.range, (0, 4, 4, 7), "{}", p.message);
    assert!(p.beside);
    assert!(p.message.contains("4 rows x 4 columns"), "{}", p.message);
    assert!(!p.message.contains("Overtime"), "{}", p.message);
}

#[test]
fn one_spacer_column_inside_a_staff_list_does_not_split_it() {
    // The same rows either side of the empty column: one table.
    let h = run(&[
        &["Name", "Payroll", "", "Rank", "Department"],
        &["Aoife Brennan", "814402", "", "Constable", "Response"],
        &["Gareth Llewellyn", "814417", "", "Sergeant", "CID"],
        &["Priya Raman", "814452", "", "Inspector", "Custody"],
    ]);
    let p = h.iter().find(|h| h.kind == "personnel_records").unwrap();
    assert_eq!(p.range, (0, 0, 3, 4));
    assert!(!p.beside);
    // Two empty columns always split: the rank columns are another table.
    let h = run(&[
        &["Name", "Payroll", "", "", "Rank", "Officers"],
        &["Aoife Brennan", "814402", "", "", "Constable", "1423"],
        &["Gareth Llewellyn", "814417", "", "", "Sergeant", "312"],
        &["Priya Raman", "814452", "", "", "Inspector", "88"],
    ]);
    let p = h.iter().find(|h| h.kind == "personnel_records").unwrap();
    assert_eq!((p.range.1, p.range.3), (0, 1));
    assert!(p.beside);
}

#[test]
fn a_staff_list_under_a_captioned_count_table_is_found() {
    // "Staff list" straight under the Total row, then the list's header.
    let h = run(&[
        &["Rank", "Officers"],
        &["Constable", "1423"],
        &["Sergeant", "312"],
        &["Inspector", "88"],
        &["Chief Inspector", "27"],
        &["Superintendent", "14"],
        &["Chief Superintendent", "6"],
        &["Total", "1870"],
        &["Staff list"],
        &["Name", "Payroll number", "Rank"],
        &["Priya Ramasubramanian", "804417", "Sergeant"],
        &["Gareth Llewellyn", "804452", "Constable"],
        &["Oluwaseun Adebayo", "804489", "Inspector"],
    ]);
    let p = h.iter().find(|h| h.kind == "personnel_records").unwrap();
    assert_eq!(p.range.0, 9, "{}", p.message);
}

#[test]
fn each_table_keeps_its_own_header_row() {
    let s = ContentScanner::new(&DetectorsConfig::default(), None).unwrap();
    let rows: &[&[&str]] = &[
        &["Rank", "Officers"],
        &["Constable", "1423"],
        &["Sergeant", "312"],
        &[],
        &["Name", "Payroll number", "Rank"],
        &["Priya Ramasubramanian", "804417", "Sergeant"],
        &["Gareth Llewellyn", "804452", "Constable"],
    ];
    let tables = analysed(&s, rows).finish_tables();
    let heads: Vec<(u32, Option<String>)> = tables
        .header_rows
        .iter()
        .map(|(r, h)| (*r, h.get(1).cloned().flatten()))
        .collect();
    assert_eq!(
        heads,
        vec![
            (0, Some("Officers".into())),
            (4, Some("Payroll number".into()))
        ]
    );
}

#[test]
fn head_counts_under_staff_group_and_rank_headers_are_small_counts() {
    // "Police staff" and "Chief Inspector" name people as headers of names
    // ("Staff: Kayode Balogun"); over numbers they head counts.
    let h = run(&[
        &["Department", "Police officers", "Police staff"],
        &["Finance", "12", "1"],
        &["Custody", "48", "22"],
        &["Marine Unit", "3", "9"],
    ]);
    assert_eq!(small_cells(&h), vec![(1, 2), (3, 1)], "{h:?}");
    let h = run(&[
        &["Age band", "Inspector", "Chief Inspector"],
        &["25-34", "40", "12"],
        &["55+", "9", "2"],
    ]);
    assert_eq!(small_cells(&h), vec![(2, 2)], "{h:?}");
}

#[test]
fn prefer_not_to_say_beside_characteristics_is_a_category() {
    let h = run(&[
        &[
            "Department",
            "Disabled",
            "Not disabled",
            "Prefer not to say",
        ],
        &["Finance", "6", "40", "1"],
        &["Custody", "8", "61", "12"],
    ]);
    assert_eq!(small_cells(&h), vec![(1, 3)], "{h:?}");
    // Alone, "Not known" is no characteristic.
    let h = run(&[
        &["Vehicle type", "Recovered", "Not known"],
        &["Car", "60", "2"],
        &["Van", "14", "11"],
    ]);
    assert!(small_cells(&h).is_empty(), "{h:?}");
}

#[test]
fn members_of_the_public_by_characteristic_are_not_staff() {
    for rows in [
        &[
            &["Sex", "Offenders"][..],
            &["Male", "310"],
            &["Female", "2"],
        ][..],
        &[
            &["Rank", "Taser discharges"],
            &["Sergeant", "3"],
            &["Constable", "40"],
        ],
        &[
            &["Persons arrested by age band and sex, 2023/24"],
            &["Age band", "Male", "Female"],
            &["10-13", "3", "1"],
            &["18-24", "230", "48"],
        ],
        &[
            &[
                "Stop and search by outcome and self-defined ethnicity of person searched, Apr-Jun 2024",
            ],
            &["Outcome", "White", "Black", "Asian"],
            &["Arrest", "40", "6", "4"],
            &["No further action", "301", "40", "22"],
        ],
        // A long label with "police" in it is not a group of police staff.
        &[
            &["Allegation category", "Received", "Withdrawn"],
            &["Police action following contact", "197", "2"],
            &["Decisions", "186", "23"],
        ],
    ] {
        let h = run(rows);
        assert!(small_cells(&h).is_empty(), "{rows:?}: {h:?}");
    }
}

#[test]
fn the_policy_can_ask_for_small_counts_of_events() {
    let cfg = DetectorsConfig {
        small_count_events: true,
        ..DetectorsConfig::default()
    };
    let s = ContentScanner::new(&cfg, None).unwrap();
    let rows: &[&[&str]] = &[
        &["Month", "Burglary", "Robbery"],
        &["Jan 2024", "40", "3"],
        &["Feb 2024", "41", "12"],
        &["Mar 2024", "42", "9"],
    ];
    let h = analysed(&s, rows).finish();
    assert_eq!(small_cells(&h), vec![(1, 2)], "{h:?}");
    let m = &h.iter().find(|h| h.kind == "small_count").unwrap().message;
    assert!(m.starts_with("A count of 3 ('Robbery')"), "{m}");
    // Without the policy's word, crimes are not small counts.
    assert!(small_cells(&run(rows)).is_empty());
}
