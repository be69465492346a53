//! Sheet XML reading: the bytes as xl/worksheets/sheet1.xml of a minimal,
//! otherwise valid xlsx, scanned end to end.
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = foiguard_fuzz::xlsx_with_sheet(data);
    black_box(foiguard_fuzz::scan(black_box(&file), "x.xlsx"));
});
