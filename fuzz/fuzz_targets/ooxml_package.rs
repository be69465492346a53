//! The OOXML package walk: the bytes as a whole file named x.xlsx through the
//! full scan (sniff, zip checks, content types, relationships, every part).
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    black_box(foiguard_fuzz::scan(black_box(data), "x.xlsx"));
});
