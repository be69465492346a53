//! The format sniffer: bytes alone, then the whole input (containers opened
//! far enough to tell xlsx from xlsb, xls from encrypted OOXML).
#![no_main]

use std::hint::black_box;

use foiguard::source::{Context, Input, Limits, sniff, sniff_bytes};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = ["x.xlsx", "x.csv", "x.tsv", "~$x.xlsx"];

fuzz_target!(|data: &[u8]| {
    for name in NAMES {
        black_box(sniff_bytes(black_box(data), name));
    }
    let ctx = Context::new("x.xlsx", Limits::default());
    black_box(sniff(Input::Bytes(black_box(data)), &ctx).ok());
});
