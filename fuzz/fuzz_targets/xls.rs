//! The BIFF (xls) reader: the bytes as the Workbook stream of a compound
//! file, and the bytes as a whole file named x.xls.
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = foiguard_fuzz::cfb_with_workbook(data);
    black_box(foiguard_fuzz::scan(black_box(&file), "x.xls"));
    black_box(foiguard_fuzz::scan(black_box(data), "x.xls"));
});
