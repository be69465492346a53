//! Benchmark data and bare readers for `benches/scan_speed.sh`.
//!
//! ```text
//! bench_data gen DIR [ROWS] [CSV_MB]   write DIR/incidents.xlsx (ROWS x 10, shared strings)
//!                                       and DIR/incidents.csv (about CSV_MB megabytes)
//! bench_data bare-xlsx FILE            read every cell of every sheet with calamine's
//!                                       streaming cell reader (the baseline)
//! bench_data bare-csv FILE             parse every record with the csv crate (ByteRecord)
//! bench_data roster FILE [PEOPLE]      write a roster CSV (default 50,000 people: name,
//!                                       payroll, warrant and shoulder numbers, email)
//! ```
//! The data is the incident log of `incident_log`, shared with the
//! `content` benchmark.

use std::io::Write;

use calamine::{Reader, Xlsx, open_workbook};

mod incident_log;

use incident_log::{HEADER, Rng, row};

fn generate(dir: &str, rows: u64, csv_mb: u64) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    // CSV
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut w = std::io::BufWriter::new(std::fs::File::create(format!("{dir}/incidents.csv"))?);
    writeln!(w, "{}", HEADER.join(","))?;
    let target = csv_mb * 1_000_000;
    let mut written = 0u64;
    let mut i = 0u64;
    while written < target {
        let r = row(&mut rng, i);
        let line = format!("{}\n", r.join(","));
        written += line.len() as u64;
        w.write_all(line.as_bytes())?;
        i += 1;
    }
    w.flush()?;
    // XLSX with shared strings (low-memory mode keeps the shared string table).
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet_with_low_memory()?;
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    for i in 0..rows {
        let r = row(&mut rng, i);
        let rr = (i + 1) as u32;
        ws.write_number(rr, 0, r[0].parse::<f64>()?)?;
        ws.write_string(rr, 1, &r[1])?;
        ws.write_string(rr, 2, &r[2])?;
        ws.write_string(rr, 3, &r[3])?;
        ws.write_string(rr, 4, &r[4])?;
        ws.write_string(rr, 5, &r[5])?;
        ws.write_number(rr, 6, r[6].parse::<f64>()?)?;
        ws.write_number(rr, 7, r[7].parse::<f64>()?)?;
        ws.write_string(rr, 8, &r[8])?;
        ws.write_boolean(rr, 9, r[9] == "TRUE")?;
    }
    wb.save(format!("{dir}/incidents.xlsx"))?;
    eprintln!("wrote {i} CSV rows ({written} bytes) and {rows} xlsx rows to {dir}");
    Ok(())
}

fn bare_xlsx(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mut wb: Xlsx<_> = open_workbook(path)?;
    let names = wb.sheet_names().to_vec();
    let mut cells = 0u64;
    for name in names {
        let mut reader = wb.worksheet_cells_reader(&name)?;
        while let Some(c) = reader.next_cell()? {
            std::hint::black_box(&c);
            cells += 1;
        }
    }
    eprintln!("{cells} cells");
    Ok(())
}

fn bare_csv(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)?;
    let mut rec = csv::ByteRecord::new();
    let mut fields = 0u64;
    while r.read_byte_record(&mut rec)? {
        fields += rec.len() as u64;
        std::hint::black_box(&rec);
    }
    eprintln!("{fields} fields");
    Ok(())
}

/// A roster of invented people: forenames and surnames built from syllables
/// (most are in no name list), unique payroll, warrant and shoulder numbers.
fn roster(path: &str, people: u64) -> Result<(), Box<dyn std::error::Error>> {
    const FIRST: &[&str] = &[
        "Ja", "Mo", "Ai", "Ciar", "Ro", "Eil", "Dar", "Sio", "Ka", "Pa", "Fi", "Ni",
    ];
    const MID: &[&str] = &["", "n", "r", "l", "dh", "br", "m", "v"];
    const END: &[&str] = &["e", "a", "an", "en", "on", "ine", "ey", "o"];
    const SUR: &[&str] = &[
        "Quar", "Vell", "McAl", "O'Dor", "Brack", "Hens", "Lind", "Carr", "Thorn", "Mul", "Dunb",
        "Strat",
    ];
    const SUR_END: &[&str] = &[
        "endon", "acott", "inney", "ahue", "enridge", "haw", "sey", "igan", "wick", "holland",
        "ar", "ford",
    ];
    let mut rng = Rng(0x5EED_F01D);
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        w,
        "name,payroll_number,warrant_number,shoulder_number,email"
    )?;
    for i in 0..people {
        let first = format!("{}{}{}", rng.pick(FIRST), rng.pick(MID), rng.pick(END));
        let sur = format!("{}{}", rng.pick(SUR), rng.pick(SUR_END));
        writeln!(
            w,
            "{first} {sur},{},{},{},{}.{}{}@police.example",
            700_000 + i,
            100_000 + (i * 7919) % 900_000,
            1000 + i % 9000,
            first.to_lowercase(),
            sur.to_lowercase().replace('\'', ""),
            i
        )?;
    }
    w.flush()?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("gen") => generate(
            args.get(2)
                .map(String::as_str)
                .unwrap_or("/tmp/foiguard-bench"),
            args.get(3)
                .and_then(|s| s.parse().ok())
                .unwrap_or(1_000_000),
            args.get(4).and_then(|s| s.parse().ok()).unwrap_or(200),
        ),
        Some("bare-xlsx") => bare_xlsx(args.get(2).ok_or("FILE")?),
        Some("bare-csv") => bare_csv(args.get(2).ok_or("FILE")?),
        Some("roster") => roster(
            args.get(2).ok_or("FILE")?,
            args.get(3).and_then(|s| s.parse().ok()).unwrap_or(50_000),
        ),
        _ => Err(
            "usage: bench_data gen DIR [ROWS] [CSV_MB] | bare-xlsx FILE | bare-csv FILE | roster FILE [PEOPLE]"
                .into(),
        ),
    }
}
