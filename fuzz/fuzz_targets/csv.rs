//! The CSV path: the bytes as x.csv through the full scan, and straight into
//! the CSV reader (so bytes the sniffer calls binary still reach the parser).
#![no_main]

use std::hint::black_box;

use foiguard::detect::collector::Collector;
use foiguard::source::csv::CsvReader;
use foiguard::source::{Context, Input, Reader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    black_box(foiguard_fuzz::scan(black_box(data), "x.csv"));
    let s = foiguard_fuzz::scanner();
    let ctx = Context::new("x.tsv", s.policy.limits.clone());
    let collector = Collector::new(&s.policy);
    let r = CsvReader.inspect(Input::Bytes(black_box(data)), &ctx, &collector);
    let _ = black_box((r, collector.finish()));
});
