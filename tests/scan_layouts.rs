//! Layouts that hide a list of people from a header-driven reading: a staff
//! list with no header row, pasted pivot-table output, a rota with the
//! officers across the top, and the reverse case, a bare "Name" column of
//! places that must not read as people.

mod support;

use rust_xlsxwriter::Workbook;
use support::scan_one;

/// Invented surnames (mostly in no name list), as a staff export writes
/// them: in capitals.
const SURNAMES: &[&str] = &[
    "DRUMGOOLE",
    "McALINDEN",
    "QUARRENDON",
    "VELLACOTT",
    "TREHEARNE",
    "KILCREGGAN",
    "FERRIGAN",
    "O'HAGAN",
    "CORRIGEEN",
    "MACKLEROY",
    "DUNSEVERICK",
    "PELLOWE",
    "ASHWORPE",
    "GLENAVY",
    "CARNDUFF",
    "TULLYMORE",
    "RATHMULLAN",
    "DERRYBEG",
    "KNOCKAGH",
    "LISNASKEA",
    "BROCKLEHURST",
    "FENWICKE",
    "HARGROVE",
    "STRANGFORD",
    "CUSHENDALL",
    "ARDGLASS",
    "MAGHERAMORNE",
    "BALLINTOY",
    "CLOUGHMILLS",
    "DROMARA",
    "ORMISTOUN",
    "VANSTRAUBENZEE",
];

/// `SURNAME,INITIAL,NUMBER` rows (and a rank before the number when
/// `rank`), no header row.
fn headerless_staff_csv(rank: bool) -> String {
    let initials = "JPKTMARSDLCEBHNW";
    let ranks = ["Constable", "Sergeant", "Constable", "Inspector"];
    let mut out = String::new();
    for (i, s) in SURNAMES.iter().enumerate() {
        let initial = initials.as_bytes()[(i * 7) % initials.len()] as char;
        let number = 7_734 + i * 131 + (i % 3) * 17;
        if rank {
            out.push_str(&format!("{s},{initial},{},{number}\n", ranks[i % 4]));
        } else {
            out.push_str(&format!("{s},{initial},{number}\n"));
        }
    }
    out
}

#[test]
fn headerless_surname_initial_number_list_blocks() {
    let r = scan_one("staff.csv", headerless_staff_csv(false).as_bytes());
    r.expect_severity("personnel_records", "block");
    let r = scan_one("staff_ranks.csv", headerless_staff_csv(true).as_bytes());
    r.expect_severity("personnel_records", "block");
}

#[test]
fn headerless_code_lists_and_districts_are_not_staff_lists() {
    // Categories coded A, B, C... with a reference number.
    let cats = [
        "Burglary",
        "Robbery",
        "Theft",
        "Assault",
        "Criminal",
        "Fraud",
        "Arson",
        "Drugs",
        "Weapons",
        "Public",
        "Harassment",
        "Other",
    ];
    let mut codes = String::new();
    for (i, c) in cats.iter().enumerate() {
        codes.push_str(&format!("{c},{},{}\n", (b'A' + i as u8) as char, 1_001 + i));
    }
    let r = scan_one("codes.csv", codes.as_bytes());
    r.assert_absent_above_info("personnel_records");
    // Postcode districts with a band letter and a code.
    let mut districts = String::new();
    for i in 1..=20u32 {
        districts.push_str(&format!(
            "BT{i},{},{}\n",
            ["A", "B", "C"][i as usize % 3],
            1_200 + i * 7
        ));
    }
    let r = scan_one("districts.csv", districts.as_bytes());
    r.assert_absent_above_info("personnel_records");
    // A count table: areas, a grade letter and counts.
    let areas = [
        "Belfast",
        "Lisburn",
        "Antrim",
        "Newry",
        "Armagh",
        "Omagh",
        "Derry",
        "Coleraine",
    ];
    let mut counts = String::new();
    for (i, a) in areas.iter().enumerate() {
        counts.push_str(&format!("{a},{},{}\n", ["A", "B"][i % 2], 3 + i * i * 7));
    }
    let r = scan_one("counts.csv", counts.as_bytes());
    r.assert_absent_above_info("personnel_records");
}

/// Pivot-table output pasted as values: a caption row above the row
/// labels, a grand total row at the foot.
fn pivot_csv(labels: &[&str]) -> String {
    let mut out =
        String::from("Sum of Hours,Column Labels,,,\nRow Labels,Jan,Feb,Mar,Grand Total\n");
    for (i, l) in labels.iter().enumerate() {
        let (a, b, c) = (3 + i % 7, 2 + i % 5, 1 + i % 9);
        out.push_str(&format!("\"{l}\",{a},{b},{c},{}\n", a + b + c));
    }
    out.push_str("(blank),,,,\nGrand Total,45,43,39,127\n");
    out
}

#[test]
fn pivot_output_with_people_as_row_labels_blocks() {
    let people = [
        "Smith, John",
        "Brown, Sarah",
        "Kowalczyk, Anna",
        "Patel, Ravi",
        "O'Neill, Mary",
        "Jones, David",
    ];
    let r = scan_one("hours.csv", pivot_csv(&people).as_bytes());
    r.expect_severity("person_name", "block");
    // The same in a workbook, with numbers as numbers.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "Count of Incident").unwrap();
    ws.write(0, 1, "Column Labels").unwrap();
    for (c, h) in ["Row Labels", "Q1", "Q2", "Grand Total"].iter().enumerate() {
        ws.write(1, c as u16, *h).unwrap();
    }
    for (i, p) in people.iter().enumerate() {
        let r = i as u32 + 2;
        ws.write(r, 0, *p).unwrap();
        ws.write(r, 1, (i + 1) as f64).unwrap();
        ws.write(r, 2, (i + 2) as f64).unwrap();
        ws.write(r, 3, (2 * i + 3) as f64).unwrap();
    }
    ws.write(8, 0, "Grand Total").unwrap();
    ws.write(8, 3, 48.0).unwrap();
    let r = scan_one("incidents.xlsx", &wb.save_to_buffer().unwrap());
    r.expect_severity("person_name", "block");
}

#[test]
fn pivot_output_of_areas_passes() {
    let areas = [
        "North Belfast",
        "South Belfast",
        "Lisburn",
        "Antrim",
        "Newry",
        "Armagh",
    ];
    let r = scan_one("areas.csv", pivot_csv(&areas).as_bytes());
    r.assert_absent_above_info("person_name");
    r.assert_absent_above_info("personnel_records");
}

/// A rota with the officers across the top and days down the side.
fn rota_csv(header: &[&str]) -> String {
    let mut out = format!("Date,{}\n", header.join(","));
    let codes = ["E", "L", "N", "RD", "07:00-15:00"];
    for d in 1..=14 {
        out.push_str(&format!("{d:02}/03/2024"));
        for c in 0..header.len() {
            out.push(',');
            out.push_str(codes[(d + c) % codes.len()]);
        }
        out.push('\n');
    }
    out
}

#[test]
fn rota_with_officers_as_column_headers_blocks() {
    for header in [
        [
            "PC 4521 HENDRY",
            "PS 3887 DRUMGOOLE",
            "PC 1203 O'NEILL",
            "PC 5562 TREHEARNE",
            "PC 7781 McALINDEN",
        ],
        // Collar number and surname, no rank.
        [
            "4521 HENDRY",
            "3887 DRUMGOOLE",
            "1203 O'NEILL",
            "5562 TREHEARNE",
            "7781 McALINDEN",
        ],
        [
            "Hendry 4521",
            "Drumgoole 3887",
            "O'Neill 1203",
            "Trehearne 5562",
            "McAlinden 7781",
        ],
    ] {
        let r = scan_one("rota.csv", rota_csv(&header).as_bytes());
        assert_eq!(r.verdict(), "block", "{header:?}\n{}", r.describe());
    }
}

/// Counts per officer, the officers across the top by surname and initial
/// or by full name: a crosstab of stop and search or overtime.
fn crosstab_csv(header: &[&str]) -> String {
    let mut out = format!("Month,{}\n", header.join(","));
    for (i, m) in ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]
        .iter()
        .enumerate()
    {
        let counts: Vec<String> = (0..header.len())
            .map(|c| ((i * 7 + c * 3) % 29).to_string())
            .collect();
        out.push_str(&format!("{m},{}\n", counts.join(",")));
    }
    out
}

#[test]
fn crosstab_with_people_as_column_headers_blocks() {
    for header in [
        &[
            "NÍ BHRIAIN S",
            "HUWS C",
            "LLEWELYN R",
            "SZYMAŃSKA Z",
            "EZE N",
            "AP GWILYM D",
        ][..],
        &["Quarrendon J", "Brackley T", "Henswick M", "Drumgoole P"][..],
        &[
            "Dafydd ap Gwilym",
            "Aisling Ní Dhonnchadha",
            "Rajesh Patel",
            "Oisín Mulholland",
        ][..],
    ] {
        let r = scan_one("stops.csv", crosstab_csv(header).as_bytes());
        assert_eq!(r.verdict(), "block", "{header:?}\n{}", r.describe());
        assert!(
            r.describe().contains("People as column headers"),
            "{header:?}\n{}",
            r.describe()
        );
    }
}

#[test]
fn crosstab_of_wards_zones_and_places_is_not_people() {
    for header in [
        &["Ward A", "Ward B", "Ward C", "Ward D"][..],
        &["Zone A", "Zone B", "Team C", "Block D"][..],
        &[
            "North Belfast",
            "South Belfast",
            "East Belfast",
            "West Belfast",
        ][..],
        &[
            "Grand Total",
            "Silver Commander",
            "Duty Inspector",
            "Custody Sergeant",
        ][..],
    ] {
        let r = scan_one("areas.csv", crosstab_csv(header).as_bytes());
        assert!(
            !r.describe().contains("People as column headers"),
            "{header:?}\n{}",
            r.describe()
        );
    }
}

#[test]
fn columns_headed_by_routes_or_years_are_not_officers() {
    let r = scan_one(
        "routes.csv",
        rota_csv(&["Route 100", "Route 212", "A38 Northbound", "2023", "2024"]).as_bytes(),
    );
    assert_ne!(r.verdict(), "block", "{}", r.describe());
}

fn name_list_csv(names: &[&str]) -> String {
    let mut out = String::from("Name,Type,Opened\n");
    for (i, n) in names.iter().enumerate() {
        out.push_str(&format!(
            "{n},{},{}\n",
            ["Park", "Venue", "Building"][i % 3],
            1850 + i * 9
        ));
    }
    out
}

#[test]
fn a_name_column_of_places_and_things_is_not_people() {
    let r = scan_one(
        "places.csv",
        name_list_csv(&[
            "Victoria Park",
            "Botanic Gardens",
            "Falls Park",
            "The Red Lion",
            "The Crown",
            "Road Traffic Collisions 2023",
            "Ulster Hall",
            "Ormeau Park",
            "Waterworks Park",
        ])
        .as_bytes(),
    );
    r.assert_absent_above_info("person_name");
    r.assert_absent_above_info("personnel_records");
    // Parks alone: the same last word over and over is a kind of place.
    let r = scan_one(
        "parks.csv",
        name_list_csv(&[
            "Victoria Park",
            "Falls Park",
            "Ormeau Park",
            "Waterworks Park",
            "Musgrave Park",
            "Grove Park",
        ])
        .as_bytes(),
    );
    r.assert_absent_above_info("person_name");
}

#[test]
fn a_name_column_of_people_with_place_surnames_still_blocks() {
    let r = scan_one(
        "staff.csv",
        name_list_csv(&[
            "John Park",
            "Mary Hall",
            "Ann Crown",
            "David Quarrendon",
            "Sarah Vellacott",
            "Peter Hendry",
        ])
        .as_bytes(),
    );
    r.expect_severity("person_name", "block");
    let r = scan_one(
        "three.csv",
        name_list_csv(&["John Park", "Mary Hall", "Ann Crown"]).as_bytes(),
    );
    r.expect_severity("person_name", "block");
}

/// A workbook with one "Name" column of `n` values made by `value`.
fn name_workbook(n: usize, value: impl Fn(usize) -> String) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "Name").unwrap();
    ws.write(0, 1, "Ward").unwrap();
    for i in 0..n {
        ws.write(i as u32 + 1, 0, value(i)).unwrap();
        ws.write(i as u32 + 1, 1, ["North", "South", "East"][i % 3])
            .unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_long_name_column_is_judged_on_its_first_values_and_kept() {
    let places = [
        "Victoria",
        "Ormeau",
        "Falls",
        "Grove",
        "Musgrave",
        "Waterworks",
        "Botanic",
        "Alexandra",
    ];
    let bytes = name_workbook(60, |i| match i % 4 {
        0 => format!("{} Park", places[i % places.len()]),
        1 => format!("The {} Arms", places[i % places.len()]),
        2 => format!("{} Playing Fields", places[i % places.len()]),
        _ => format!("{} Hall", places[i % places.len()]),
    });
    let r = scan_one("venues.xlsx", &bytes);
    r.assert_absent_above_info("person_name");
    // People, a few of them surnamed Park or Hall, past the judged rows too.
    let forenames = ["John", "Mary", "Aisling", "Ciaran", "Grace", "Declan"];
    let surnames = [
        "Quarrendon",
        "Vellacott",
        "Park",
        "Hendry",
        "Hall",
        "Trehearne",
        "Pellowe",
    ];
    let bytes = name_workbook(60, |i| {
        format!(
            "{} {}",
            forenames[i % forenames.len()],
            surnames[i % surnames.len()]
        )
    });
    let r = scan_one("people.xlsx", &bytes);
    let f = r.expect_severity("person_name", "block");
    assert_eq!(f[0]["count"], 60, "{}", r.describe());
}

#[test]
fn a_one_column_list_of_names_under_name_blocks() {
    // The header settles on the first value, so every name is read with it.
    for header in ["Name", "Ainm", "Officer name"] {
        let csv = format!(
            "{header}\nJane Quarrendon\nTomas Brackley\nMobrine Henswick\nPaul Drumgoole\nAoife Kelly\n"
        );
        let r = scan_one("names.csv", csv.as_bytes());
        assert_eq!(r.verdict(), "block", "{header}\n{}", r.describe());
    }
    // A title over a count table is no list of names.
    let r = scan_one(
        "counts.csv",
        b"Officers\nRank,Count\nConstable,1200\nSergeant,310\nInspector,95\n",
    );
    assert_ne!(r.verdict(), "block", "{}", r.describe());
    // Nor is a one-column list of parks under "Name".
    let r = scan_one(
        "parks.csv",
        b"Name\nVictoria Park\nBotanic Gardens\nFalls Park\nThe Red Lion\nOrmeau Park\n",
    );
    assert_ne!(r.verdict(), "block", "{}", r.describe());
}

/// A workbook whose tabs have these names, each with a few hours in it.
fn tabs_workbook(tabs: &[&str]) -> Vec<u8> {
    let mut wb = Workbook::new();
    for t in tabs {
        let ws = wb.add_worksheet();
        ws.set_name(*t).unwrap();
        ws.write(0, 0, "Week").unwrap();
        ws.write(0, 1, "Hours").unwrap();
        ws.write(1, 0, "2024-W14").unwrap();
        ws.write(1, 1, 37.5).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_tab_per_person_blocks_and_one_named_tab_is_for_review() {
    let r = scan_one(
        "timesheets.xlsx",
        &tabs_workbook(&["A.Nowak", "Quorndell, T", "B Mensah"]),
    );
    let f = r.expect_severity("person_name", "block");
    assert!(f.len() >= 3, "{}", r.describe());
    let r = scan_one(
        "overtime.xlsx",
        &tabs_workbook(&["Summary", "J Quorndell overtime"]),
    );
    r.expect_severity("person_name", "review");
    // One tab that ties a person to an HR case says something sensitive
    // about them: it blocks on its own.
    let r = scan_one(
        "grievance.xlsx",
        &tabs_workbook(&["Summary", "J Quorndell grievance"]),
    );
    r.expect_severity("person_name", "block");
    // Shifts, blocks and annexes are not people.
    let r = scan_one(
        "shifts.xlsx",
        &tabs_workbook(&[
            "A Shift",
            "B Relief",
            "Annex A",
            "Q Division",
            "Mary Peters Track",
        ]),
    );
    r.assert_absent_above_info("person_name");
}

#[test]
fn a_name_in_a_percent_encoded_link_target_is_found() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "Case").unwrap();
    ws.write(0, 1, "File").unwrap();
    ws.write(1, 0, "ET-2024-01").unwrap();
    ws.write_url_with_text(
        1,
        1,
        "https://example.sharepoint.com/sites/HR/Tribunals/Sarah%20Jenkins%20-%20ET1%20claim.pdf",
        "ET1 claim",
    )
    .unwrap();
    let r = scan_one("tribunals.xlsx", &wb.save_to_buffer().unwrap());
    r.expect_at_least_review("person_name");
}
