//! Big inputs: the paths that only switch on past a size threshold.
//!
//! A CSV of at least `pipeline::MIN_BYTES` (4 MiB) is read on one thread
//! and visited on another; an xlsx sheet whose zip entry stores at least
//! 1 MiB is inflated on a second thread (`ZipPackage` read-ahead) and its
//! cells visited on a third. Small fixtures never get there, so these tests
//! generate big files (a seeded PRNG, varied text and numbers that neither
//! repeat nor compress well) with values planted at the very start and the
//! very end: a dropped last batch or chunk misses the plant at the end, and
//! an error on a helper thread must still reach the report.

mod support;

use std::io::{Cursor, Read};
use std::sync::OnceLock;

use foiguard::source::pipeline::MIN_BYTES;
use serde_json::Value;
use support::*;

// ---------------------------------------------------------------------------
// Generators.

/// xorshift64*: fast, seeded, good enough to defeat caching and deflate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

const AREAS: &[&str] = &[
    "North",
    "South",
    "East",
    "West",
    "Central",
    "Harbour",
    "Riverside",
    "Uplands",
];
const CATEGORIES: &[&str] = &[
    "Burglary",
    "Vehicle crime",
    "Criminal damage",
    "Public order",
    "Shoplifting",
    "Anti-social behaviour",
    "Drugs",
    "Fraud",
    "Bicycle theft",
];
/// Words of the free-text column: nothing that names or identifies anyone.
const WORDS: &[&str] = &[
    "report",
    "received",
    "vehicle",
    "damaged",
    "window",
    "door",
    "forced",
    "property",
    "recovered",
    "enquiries",
    "complete",
    "no",
    "further",
    "action",
    "area",
    "searched",
    "item",
    "taken",
    "from",
    "garden",
    "shed",
    "parked",
    "overnight",
    "outcome",
    "pending",
    "advice",
    "given",
    "insurance",
    "reference",
    "issued",
    "street",
    "lighting",
    "noted",
    "retail",
    "premises",
    "closed",
    "referred",
    "partner",
    "agency",
    "camera",
    "footage",
    "reviewed",
    "unclear",
    "suspect",
    "unknown",
];

const CSV_HEADER: &str = "Ref,Date,Area,Category,Note,Amount\n";

/// One data row of the generated log (no line end). Row `i` is 0-based.
fn csv_row(rng: &mut Rng, i: usize, note: &str) -> String {
    let words = 6 + rng.below(10);
    let note = if note.is_empty() {
        let mut n = String::new();
        for w in 0..words {
            if w > 0 {
                n.push(' ');
            }
            n.push_str(rng.pick(WORDS));
        }
        n
    } else {
        note.to_string()
    };
    format!(
        "CR-{:07},2023-{:02}-{:02},{},{},{},{}.{:02}\n",
        i + 1,
        1 + rng.below(12),
        1 + rng.below(28),
        rng.pick(AREAS),
        rng.pick(CATEGORIES),
        note,
        100 + rng.below(90_000),
        rng.below(100),
    )
}

/// Planted at the start of the log (Note, first data row: C... E2).
const FIRST_NOTE: &str = "Seen by PC 4521 Quarrendon at the scene";
/// Planted at the end of the log (Note, last data row).
const LAST_NOTE: &str = "Statement taken by PC 7788 Vellacott";
/// A National Insurance number with its suffix (no header needed).
const LAST_NI: &str = "AB 12 34 56 C";

/// A CSV log of `rows` data rows. With `plant`, the first data row's note
/// names an officer, and the last row's note names another and its Area
/// holds a National Insurance number.
fn csv_log(rows: usize, plant: bool, seed: u64) -> Vec<u8> {
    let mut rng = Rng(seed);
    let mut out = String::with_capacity(rows * 110 + 64);
    out.push_str(CSV_HEADER);
    for i in 0..rows {
        let note = match (plant, i) {
            (true, 0) => FIRST_NOTE,
            (true, i) if i + 1 == rows => LAST_NOTE,
            _ => "",
        };
        let mut row = csv_row(&mut rng, i, note);
        if plant && i + 1 == rows {
            // Area (column C) of the last row.
            let area_end = row.match_indices(',').nth(2).map(|(p, _)| p).unwrap();
            let area_start = row.match_indices(',').nth(1).map(|(p, _)| p).unwrap() + 1;
            row.replace_range(area_start..area_end, LAST_NI);
        }
        out.push_str(&row);
    }
    out.into_bytes()
}

/// Data rows that make a log of about 5 MB (> MIN_BYTES).
const BIG_ROWS: usize = 52_000;

fn big_csv(plant: bool) -> &'static [u8] {
    static PLANTED: OnceLock<Vec<u8>> = OnceLock::new();
    static PLAIN: OnceLock<Vec<u8>> = OnceLock::new();
    let cell = if plant { &PLANTED } else { &PLAIN };
    let b = cell.get_or_init(|| csv_log(BIG_ROWS, plant, 0x5eed_0001));
    assert!(
        b.len() as u64 >= MIN_BYTES + (1 << 19),
        "the big CSV ({} bytes) must be well past the parallel threshold {MIN_BYTES}",
        b.len()
    );
    b
}

/// Rows and columns of the generated workbook's sheet: a row number, then
/// formulas holding long random digit strings (few cells, many stored bytes).
const XLSX_ROWS: u32 = 8_000;
const XLSX_COLS: u16 = 6;
/// Random digits in each formula.
const FORMULA_DIGITS: usize = 80;
/// The hidden row (0-based) holding [`HIDDEN_NAME`], near the end.
const HIDDEN_ROW: u32 = XLSX_ROWS - 4;
const HIDDEN_NAME: &str = "Jane Quarrendon-Hiddenrow";
/// The visible National Insurance number, at A{XLSX_ROWS - 1} (0-based row XLSX_ROWS - 2).
const VISIBLE_NI_ROW: u32 = XLSX_ROWS - 2;
const SHEET_PART: &str = "xl/worksheets/sheet1.xml";

/// A workbook whose one sheet stores well over 1 MiB compressed: random
/// digits deflate poorly. Row `HIDDEN_ROW` is hidden and holds a name; row
/// `VISIBLE_NI_ROW` holds a visible NI number.
fn big_xlsx() -> &'static [u8] {
    static B: OnceLock<Vec<u8>> = OnceLock::new();
    B.get_or_init(|| {
        let mut rng = Rng(0x5eed_0002);
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Readings").unwrap();
        ws.write(0, 0, "Station").unwrap();
        for c in 1..XLSX_COLS {
            ws.write(0, c, format!("Reading {c}")).unwrap();
        }
        let mut digits = String::with_capacity(FORMULA_DIGITS + 8);
        for r in 1..XLSX_ROWS {
            ws.write(r, 0, r as f64).unwrap();
            for c in 1..XLSX_COLS {
                digits.clear();
                digits.push_str("=LEN(\"");
                for _ in 0..FORMULA_DIGITS {
                    digits.push(char::from(b'0' + rng.below(10) as u8));
                }
                digits.push_str("\")");
                ws.write_formula(r, c, digits.as_str()).unwrap();
            }
        }
        ws.write(HIDDEN_ROW, 0, HIDDEN_NAME).unwrap();
        ws.set_row_hidden(HIDDEN_ROW).unwrap();
        ws.write(VISIBLE_NI_ROW, 0, LAST_NI).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let stored = entry(&bytes, SHEET_PART).compressed;
        assert!(
            stored >= (1 << 20) + (1 << 18),
            "the sheet stores only {stored} bytes: not past the 1 MiB read-ahead and pipeline thresholds"
        );
        bytes
    })
}

// ---------------------------------------------------------------------------
// Zip surgery (local headers and central directory, no zip64).

fn u16_at(b: &[u8], at: usize) -> usize {
    u16::from_le_bytes([b[at], b[at + 1]]) as usize
}
fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}
fn put_u32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

/// Where one entry sits in a zip file.
#[derive(Debug)]
struct Entry {
    /// Offset of its central directory record.
    cd_record: usize,
    /// Offset of its local header.
    local: usize,
    /// Offset of its (compressed) data.
    data: usize,
    compressed: usize,
}

/// Offsets of the end-of-central-directory record and the central directory.
fn eocd(b: &[u8]) -> (usize, usize) {
    let end = (0..=b.len() - 22)
        .rev()
        .find(|&i| u32_at(b, i) == 0x0605_4b50)
        .expect("end of central directory");
    (end, u32_at(b, end + 16) as usize)
}

/// Every entry in central directory order, with its name.
fn entries(b: &[u8]) -> Vec<(String, Entry)> {
    let (end, mut at) = eocd(b);
    let mut out = Vec::new();
    while at < end {
        assert_eq!(u32_at(b, at), 0x0201_4b50, "central directory record");
        let compressed = u32_at(b, at + 20) as usize;
        let (n, x, c) = (u16_at(b, at + 28), u16_at(b, at + 30), u16_at(b, at + 32));
        let local = u32_at(b, at + 42) as usize;
        let name = String::from_utf8(b[at + 46..at + 46 + n].to_vec()).unwrap();
        assert_eq!(u32_at(b, local), 0x0403_4b50, "local header of {name}");
        let data = local + 30 + u16_at(b, local + 26) + u16_at(b, local + 28);
        out.push((
            name,
            Entry {
                cd_record: at,
                local,
                data,
                compressed,
            },
        ));
        at += 46 + n + x + c;
    }
    out
}

fn entry(b: &[u8], name: &str) -> Entry {
    entries(b)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, e)| e)
        .unwrap_or_else(|| panic!("no zip entry {name}"))
}

/// The zip with `name`'s compressed data cut to its first half: sizes in
/// the local header and central directory and every later offset are
/// patched, so the container is consistent and only the deflate stream
/// ends early.
fn cut_entry_short(b: &[u8], name: &str) -> Vec<u8> {
    let e = entry(b, name);
    let descriptor = u16_at(b, e.local + 6) & 8 != 0;
    let keep = e.compressed / 2;
    let delta = e.compressed - keep;
    let mut out = Vec::with_capacity(b.len() - delta);
    out.extend_from_slice(&b[..e.data + keep]);
    out.extend_from_slice(&b[e.data + e.compressed..]);
    if u32_at(&out, e.local + 18) != 0 {
        put_u32(&mut out, e.local + 18, keep as u32);
    }
    if descriptor {
        // crc, compressed size, size; the signature is optional.
        let dd = e.data + keep;
        let sizes = if u32_at(&out, dd) == 0x0807_4b50 {
            dd + 8
        } else {
            dd + 4
        };
        assert_eq!(
            u32_at(&out, sizes) as usize,
            e.compressed,
            "data descriptor"
        );
        put_u32(&mut out, sizes, keep as u32);
    }
    for (_, other) in entries(b) {
        let rec = other.cd_record - delta;
        if other.local == e.local {
            put_u32(&mut out, rec + 20, keep as u32);
        } else if other.local > e.local {
            put_u32(&mut out, rec + 42, (other.local - delta) as u32);
        }
    }
    let (end, cd) = eocd(&out);
    put_u32(&mut out, end + 16, (cd - delta) as u32);
    out
}

/// The zip with `name`'s CRC-32 changed in both its local header and its
/// central directory record: the data inflates fine, and only the check at
/// the very end of the entry can tell.
fn wrong_crc(b: &[u8], name: &str) -> Vec<u8> {
    let e = entry(b, name);
    let mut out = b.to_vec();
    let crc = u32_at(b, e.local + 14) ^ 0x0000_0100;
    put_u32(&mut out, e.local + 14, crc);
    put_u32(&mut out, e.cd_record + 16, crc);
    out
}

/// Every entry of a zip, inflated.
fn inflate_all(b: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(b)).expect("output is a zip");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).expect("entry");
            let mut v = Vec::new();
            f.read_to_end(&mut v).expect("inflate entry");
            (f.name().expect("entry name").to_string(), v)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Report helpers.

/// Findings of `kind` in a file's report entry (any severity).
fn kind<'a>(one: &'a One, k: &str) -> Vec<&'a Value> {
    with_kind(one.file(), k)
}

/// The single finding of `kind`, asserting there is exactly one.
fn single<'a>(one: &'a One, k: &str) -> &'a Value {
    let f = kind(one, k);
    assert_eq!(
        f.len(),
        1,
        "expected one {k:?} finding in {}\n{}",
        one.path.display(),
        one.describe()
    );
    f[0]
}

/// Finding kinds of a report entry with their highest severity, sorted.
fn kinds(file: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = Vec::new();
    for f in findings(file) {
        let k = f["kind"].as_str().unwrap_or("").to_string();
        let s = severity(f).to_string();
        match v.iter_mut().find(|(x, _)| *x == k) {
            Some(e)
                if ["info", "review", "block"].iter().position(|x| *x == s)
                    > ["info", "review", "block"].iter().position(|x| *x == e.1) =>
            {
                e.1 = s
            }
            Some(_) => {}
            None => v.push((k, s)),
        }
    }
    v.sort();
    v
}

/// "N cells read" from the report's `inspected` lines, summed.
fn cells_read(file: &Value) -> u64 {
    file["inspected"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l.as_str())
        .filter_map(|l| {
            let i = l.find(" cells read")?;
            l[..i]
                .rsplit(' ')
                .next()?
                .replace(',', "")
                .parse::<u64>()
                .ok()
        })
        .sum()
}

/// Assert a file's outcome is `error`, exit 2, with a one-line reason
/// containing every one of `words`; with `text`, also that the text report
/// gives the file's name and the reason on one line (a second full scan).
fn assert_error(one: &One, words: &[&str], text: bool) {
    assert_eq!(one.verdict(), "error", "{}", one.describe());
    assert_eq!(one.scan.code(), Some(2), "{}", one.describe());
    let reason = one.file()["error"].as_str().unwrap_or("");
    assert!(
        !reason.trim().is_empty() && !reason.contains('\n'),
        "an error needs a one-line reason: {reason:?}\n{}",
        one.describe()
    );
    for w in words {
        assert!(
            reason.contains(w),
            "the reason should mention {w:?}: {reason:?}\n{}",
            one.describe()
        );
    }
    if !text {
        return;
    }
    let name = one.path.file_name().unwrap().to_str().unwrap();
    let text = run(["scan", one.path.to_str().unwrap()]);
    assert_eq!(text.code, Some(2), "{}", text.describe());
    assert!(
        text.stdout
            .lines()
            .chain(text.stderr.lines())
            .any(|l| l.contains(name) && l.contains(reason)),
        "no line names {name} with its reason\n{}",
        text.describe()
    );
}

// ---------------------------------------------------------------------------
// 1. CSV through the reader/visitor pipeline.

#[test]
fn big_csv_finds_plants_in_the_first_and_last_rows_like_a_small_one() {
    let rows = BIG_ROWS;
    let big = scan_one("incidents.csv", big_csv(true));
    assert_eq!(big.verdict(), "block", "{}", big.describe());
    // Every cell reached the detectors: a dropped batch shows here first.
    assert_eq!(
        cells_read(big.file()),
        (rows as u64 + 1) * 6,
        "{}",
        big.describe()
    );
    let last = rows + 1; // 1-based line of the last data row
    // Two officers: PC 4521 on the first data row, PC 7788 on the last.
    let sn = single(&big, "shoulder_number");
    assert_eq!(sn["cell"], "E2", "{}", big.describe());
    assert_eq!(sn["count"], 2, "{}", big.describe());
    assert_eq!(severity(sn), "block");
    let pn = single(&big, "person_name");
    assert_eq!(pn["cell"], "E2", "{}", big.describe());
    assert_eq!(pn["count"], 2, "{}", big.describe());
    // Only on the last row.
    let ni = single(&big, "ni_number");
    assert_eq!(ni["cell"], format!("C{last}"), "{}", big.describe());
    assert_eq!(ni["count"], 1, "{}", big.describe());

    // The same generator, 50 rows: read and visited on one thread, and
    // found the same way.
    let small_bytes = csv_log(50, true, 0x5eed_0001);
    assert!((small_bytes.len() as u64) < MIN_BYTES);
    let small = scan_one("incidents.csv", &small_bytes);
    assert_eq!(small.verdict(), "block", "{}", small.describe());
    assert_eq!(
        kinds(small.file()),
        kinds(big.file()),
        "small:\n{}\nbig:\n{}",
        small.describe(),
        big.describe()
    );
    for k in ["shoulder_number", "person_name", "ni_number"] {
        let (s, b) = (single(&small, k), single(&big, k));
        assert_eq!(s["count"], b["count"], "{k}\n{}", small.describe());
        assert_eq!(s["evidence"], b["evidence"], "{k}\n{}", small.describe());
    }
    assert_eq!(single(&small, "ni_number")["cell"], "C51");
}

#[test]
fn big_csv_with_nothing_personal_matches_its_small_version() {
    let small_bytes = csv_log(50, false, 0x5eed_0001);
    let small = scan_one("activity.csv", &small_bytes);
    let big = scan_one("activity.csv", big_csv(false));
    assert!(
        ["pass", "review"].contains(&big.verdict()),
        "{}",
        big.describe()
    );
    assert_eq!(small.verdict(), big.verdict(), "{}", big.describe());
    assert_eq!(
        kinds(small.file()),
        kinds(big.file()),
        "small:\n{}\nbig:\n{}",
        small.describe(),
        big.describe()
    );
    assert_eq!(
        cells_read(big.file()),
        (BIG_ROWS as u64 + 1) * 6,
        "{}",
        big.describe()
    );
}

// ---------------------------------------------------------------------------
// 2. xlsx: a big sheet inflated ahead and visited on another thread.

#[test]
fn big_xlsx_reports_the_hidden_row_and_the_identifier_at_the_end() {
    let one = scan_one("readings.xlsx", big_xlsx());
    assert_eq!(one.verdict(), "block", "{}", one.describe());
    assert_eq!(
        cells_read(one.file()),
        XLSX_ROWS as u64 * XLSX_COLS as u64,
        "{}",
        one.describe()
    );
    let hidden = one.expect_severity("hidden_rows", "block");
    assert_eq!(hidden.len(), 1, "{}", one.describe());
    let h = hidden[0];
    assert_eq!(h["sheet"], "Readings", "{}", one.describe());
    // One hidden row of XLSX_COLS cells, named by its 1-based number.
    let row = HIDDEN_ROW + 1;
    assert_eq!(h["count"], XLSX_COLS, "{}", one.describe());
    assert_eq!(h["cell"], format!("{row}:{row}"), "{}", one.describe());
    assert!(
        h["message"]
            .as_str()
            .unwrap_or("")
            .starts_with("1 hidden row"),
        "{}",
        one.describe()
    );
    // Nothing else but the document properties (the formulas' digit runs
    // look like nothing personal).
    let found: Vec<String> = kinds(one.file()).into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        found,
        ["document_properties", "hidden_rows", "ni_number"],
        "{}",
        one.describe()
    );
    let ni = single(&one, "ni_number");
    assert_eq!(ni["sheet"], "Readings");
    assert_eq!(
        ni["cell"],
        format!("A{}", VISIBLE_NI_ROW + 1),
        "{}",
        one.describe()
    );
}

#[test]
fn big_xlsx_redacts_clean() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("readings.xlsx");
    let out = dir.path().join("readings.clean.xlsx");
    std::fs::write(&input, big_xlsx()).unwrap();
    let r = run([
        "redact",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    let copy = std::fs::read(&out).expect("the clean copy");
    let hidden = HIDDEN_NAME.as_bytes();
    for (name, data) in inflate_all(&copy) {
        assert!(
            !data.windows(hidden.len()).any(|w| w == hidden)
                && !data.windows(10).any(|w| w == b"Quarrendon"),
            "{name} of the copy still holds the hidden row's value"
        );
    }
    let again = scan_paths(&[&out], &[]);
    let f = again.file("readings.clean.xlsx");
    assert!(
        ["pass", "review"].contains(&verdict(f)),
        "the copy must not block\n{}",
        again.run.describe()
    );
    assert!(with_kind(f, "hidden_rows").is_empty());
}

// ---------------------------------------------------------------------------
// 3. Errors on the read-ahead thread reach the report.

#[test]
fn truncated_big_xlsx_is_an_error() {
    let b = big_xlsx();
    let e = entry(b, SHEET_PART);
    let cut = &b[..e.data + e.compressed / 2];
    let one = scan_one("cut.xlsx", cut);
    assert_error(&one, &[], true);
}

#[test]
fn big_sheet_cut_short_inside_a_whole_zip_is_an_error() {
    let b = cut_entry_short(big_xlsx(), SHEET_PART);
    // Still a valid container: only the sheet's deflate stream ends early.
    assert_eq!(entries(&b).len(), entries(big_xlsx()).len());
    let one = scan_one("short.xlsx", &b);
    assert_error(&one, &["sheet1.xml"], false);
}

#[test]
fn big_sheet_with_a_wrong_crc_is_an_error() {
    let one = scan_one("crc.xlsx", &wrong_crc(big_xlsx(), SHEET_PART));
    assert_error(&one, &["sheet1.xml"], false);
}

// ---------------------------------------------------------------------------
// 4. A NUL byte near the end of a big CSV.

#[test]
fn big_csv_with_a_nul_near_the_end_is_an_error_naming_the_line() {
    let mut b = big_csv(false).to_vec();
    // Inside the second-to-last line.
    let ends: Vec<usize> = b
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == b'\n')
        .map(|(i, _)| i)
        .collect();
    let lines = ends.len();
    let at = ends[lines - 3] + 5;
    b[at] = 0;
    let one = scan_one("nul.csv", &b);
    assert_error(&one, &[&format!("line {}", lines - 1), "NUL"], false);
}

#[test]
fn a_big_file_hashed_alongside_its_read_reports_the_hash_of_its_bytes() {
    // Past 8 MiB the hash runs on its own thread while the file is read.
    // A 9 MiB file that is not a workbook fails fast, and its report must
    // still carry the hash of exactly these bytes (accepted findings are
    // tied to it).
    let mut rng = Rng(0x5eed_0009);
    let bytes: Vec<u8> = (0..9 << 20).map(|_| rng.next() as u8).collect();
    let one = scan_bytes("junk.xlsx", &bytes, &[]);
    assert_eq!(
        one.file()["sha256"],
        foiguard::accept::sha256_hex(&bytes),
        "{}",
        one.describe()
    );
    assert_eq!(one.verdict(), "error", "{}", one.describe());
}
