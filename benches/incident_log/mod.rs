//! The incident log both benchmarks generate (`bench_data gen` writes it to
//! files, `content` scans it in memory): a 6-digit crime reference, date,
//! time, offence, postcode district, outcome, two numbers, a free-text note
//! of 5–13 words (about 1 row in 200 names an officer as "PC 1234 Surname")
//! and a boolean. The same seed gives the same rows in both.

/// A xorshift generator: the same data on every run.
pub struct Rng(pub u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const OFFENCES: &[&str] = &[
    "Theft from vehicle",
    "Burglary - residential",
    "Criminal damage",
    "Shoplifting",
    "Assault",
    "Public order",
    "Drug possession",
    "Bicycle theft",
    "Robbery",
    "Vehicle crime",
];
const DISTRICTS: &[&str] = &[
    "BT1", "BT2", "BT5", "BT7", "BT9", "BT12", "BT15", "BT36", "BT47", "BT71",
];
const OUTCOMES: &[&str] = &[
    "Under investigation",
    "No further action",
    "Charged",
    "Community resolution",
    "Unable to prosecute",
    "Caution",
];
const WORDS: &[&str] = &[
    "report",
    "received",
    "from",
    "caller",
    "stating",
    "vehicle",
    "parked",
    "outside",
    "premises",
    "window",
    "smashed",
    "items",
    "taken",
    "area",
    "searched",
    "no",
    "witnesses",
    "identified",
    "CCTV",
    "requested",
    "owner",
    "informed",
    "attended",
    "scene",
    "later",
    "same",
    "day",
];
/// Officers' surnames; the roster starts with them so notes name real people.
pub const SURNAMES: &[&str] = &[
    "Quarrendon",
    "Vellacott",
    "Ashdown",
    "Pellow",
    "Trewin",
    "Mulgrew",
];

/// Row `i` of the log, as its ten cells' text.
pub fn row(rng: &mut Rng, i: u64) -> [String; 10] {
    let n_words = 5 + rng.below(9);
    let mut note: Vec<String> = (0..n_words).map(|_| rng.pick(WORDS).to_string()).collect();
    if i % 200 == 17 {
        note.insert(
            1,
            format!("PC {} {}", 1000 + rng.below(8999), rng.pick(SURNAMES)),
        );
    }
    [
        format!("{}", 100_000 + rng.below(900_000)),
        format!("2024-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
        format!("{:02}:{:02}", rng.below(24), rng.below(60)),
        rng.pick(OFFENCES).to_string(),
        rng.pick(DISTRICTS).to_string(),
        rng.pick(OUTCOMES).to_string(),
        format!("{}", rng.below(500)),
        format!("{}.{:02}", rng.below(5000), rng.below(100)),
        note.join(" "),
        (if rng.below(2) == 0 { "TRUE" } else { "FALSE" }).to_string(),
    ]
}

/// The log's column headers.
pub const HEADER: [&str; 10] = [
    "Crime reference",
    "Date",
    "Time",
    "Offence",
    "Postcode district",
    "Outcome",
    "Officers hours",
    "Value (GBP)",
    "Note",
    "Victim informed",
];
